/**
 * The desktop app's shell: the application and its main window (menus, toolbar, weights banner, left panel,
 * status bar, notifications), the controller behind them, and the context they are built from. The analysis
 * tabs live in {@code ui.views}, background work in {@code ui.tasks}, remembered choices in {@code ui.settings}.
 * Like all UI code it wires and displays: the pipeline does the computing.
 */
package org.convlens.ui;
