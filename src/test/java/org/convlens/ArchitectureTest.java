package org.convlens;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's layering, as tests (GUIDE habit 6): only the inference stage knows DJL and TensorFlow, only the
 * UI knows JavaFX, the data contract knows nothing, and no production class keeps static mutable state.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.convlens");

  @Test
  void onlyInferenceKnowsDjlAndTensorFlow() {
    noClasses().that().resideOutsideOfPackage("org.convlens.inference..")
        .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "org.tensorflow..")
        .check(MAIN);
  }

  @Test
  void onlyTheUiKnowsJavaFx() {
    noClasses().that().resideOutsideOfPackages("org.convlens.ui..")
        .and().doNotHaveFullyQualifiedName("org.convlens.Main")
        .should().dependOnClassesThat().resideInAnyPackage("javafx..", "atlantafx..", "org.kordamp..")
        .check(MAIN);
  }

  @Test
  void theTensorContractDependsOnNothingOfOurs() {
    classes().that().resideInAPackage("org.convlens.tensor..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("org.convlens.tensor..", "java..")
        .check(MAIN);
  }

  @Test
  void pureStagesDoNoFileOrModelWork() {
    noClasses().that().resideInAnyPackage("org.convlens.viz..", "org.convlens.image..")
        .should().dependOnClassesThat().resideInAnyPackage("org.convlens.inference..", "org.convlens.model..",
            "org.convlens.export..", "org.convlens.pipeline..", "org.convlens.cli..", "org.convlens.ui..")
        .check(MAIN);
    noClasses().that().resideInAPackage("org.convlens.viz..")
        .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "javax.imageio..", "java.awt..")
        .check(MAIN);
  }

  @Test
  void modelKnowsNothingOfRunningOrShowing() {
    noClasses().that().resideInAPackage("org.convlens.model..")
        .should().dependOnClassesThat().resideInAnyPackage("org.convlens.inference..", "org.convlens.viz..",
            "org.convlens.export..", "org.convlens.pipeline..", "org.convlens.cli..", "org.convlens.ui..")
        .check(MAIN);
  }

  @Test
  void noStaticMutableState() {
    fields().that().areStatic().and().areDeclaredInClassesThat().resideInAPackage("org.convlens..")
        .should().beFinal()
        .check(MAIN);
  }
}
