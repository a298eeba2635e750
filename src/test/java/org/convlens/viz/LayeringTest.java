package org.convlens.viz;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** GUIDE habit 6: visualisation and export stay pure, so they run in tests, the CLI and the app alike. */
class LayeringTest {
  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.convlens.viz", "org.convlens.export");

  @Test
  void vizAndExportKnowNeitherJavaFxNorDjl() {
    noClasses().that().resideInAnyPackage("org.convlens.viz..", "org.convlens.export..")
        .should().dependOnClassesThat().resideInAnyPackage("javafx..", "ai.djl..", "org.tensorflow..")
        .check(classes);
  }

  @Test
  void vizKnowsNothingOfFilesOrExport() {
    noClasses().that().resideInAPackage("org.convlens.viz..")
        .should().dependOnClassesThat().resideInAnyPackage("org.convlens.export..", "org.convlens.files..",
            "java.nio.file..", "javax.imageio..", "java.awt..")
        .check(classes);
  }
}
