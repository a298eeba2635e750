/** The headless command line, one small class per command; shares the pipeline with the app. */
package org.convlens.cli;
