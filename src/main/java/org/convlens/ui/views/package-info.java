/**
 * The four analysis tabs of the main window (Model, Filters, Feature maps, Layers) and what they share.
 *
 * <p>Each view is built in one place from a {@link org.convlens.ui.MainViewModel} and a
 * {@link org.convlens.ui.tasks.TaskRunner}: it listens to the view model, hands every call into
 * {@code org.convlens.viz} to the runner, and touches its nodes only in the success callback. A newer request
 * makes older results be ignored, so a slow render can never overwrite a newer one. Views show a placeholder
 * instead of failing when there is no network or no analysis yet, and pass background errors to an error sink
 * the window shell supplies.
 */
package org.convlens.ui.views;
