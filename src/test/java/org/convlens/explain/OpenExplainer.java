package org.convlens.explain;

import org.convlens.image.Preprocessing;
import org.convlens.inference.ModelService;
import org.convlens.model.Network;

/** A network opened for a test class's explanations: its model and an explainer ("tf" inputs), closed together. */
record OpenExplainer(ModelService model, Explainer explainer) implements AutoCloseable {

  static OpenExplainer of(Network network) throws Exception {
    ModelService model = GradientsTest.open(network);
    return new OpenExplainer(model, new Explainer(model, Preprocessing.TF));
  }

  @Override
  public void close() {
    explainer.close();
    model.close();
  }
}
