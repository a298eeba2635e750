/**
 * {@code convlens bench}: the figures of the performance issue measured in one process (engine start, builds,
 * forwards, batches, memory, a soak), with PyTorch's forward on the same weights alternating with ours when a
 * Python with torch is there.
 */
package org.convlens.bench;
