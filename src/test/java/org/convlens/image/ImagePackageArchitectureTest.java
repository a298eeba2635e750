package org.convlens.image;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The promises of package-info: no JavaFX, no DJL, no static mutable state. */
class ImagePackageArchitectureTest {
  private static final JavaClasses IMAGE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.convlens.image");

  @Test
  void knowsNothingOfJavaFxOrDjl() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "ai.djl..", "org.tensorflow..")
        .check(IMAGE);
  }

  @Test
  void staticFieldsAreFinal() {
    fields().that().areStatic().should().beFinal().check(IMAGE);
  }
}
