/** File-system helpers shared by every stage that writes: atomic writes and renames. */
package org.convlens.files;
