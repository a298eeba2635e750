#!/usr/bin/python3
"""An independent reference for ConvLens's Grad-CAM and saliency on the bundled MobileNet v1 0.25.

Rebuilds the network in PyTorch (float64) from the Keras h5 file's weights, with the architecture written out
here from Keras's applications/mobilenet.py and checked layer by layer against the file's model_config, and
computes for each case, with torch.autograd, what the keras.io example "Grad-CAM class activation visualization"
computes: the gradient of the class logit (the input of the softmax) w.r.t. the last conv stage output, pooled
over positions, the channels' weighted sum, ReLU, divided by its maximum; and the input-gradient saliency
|d logit / d input|, largest over the colour channels.

Usage (from the project root):
  /usr/bin/python3 src/test/resources/explain-reference/mobilenet_gradcam_torch.py \
      models/mobilenet_v1_0.25_224.h5 src/test/resources/explain-reference \
      coffee_espresso=coffee:967 coffee_top=coffee:top chelsea_egyptian_cat=chelsea:285 chelsea_tabby=chelsea:281

A case NAME=IMAGE:CLASS reads DIR/IMAGE_input.npy (the exact model input, [1, 224, 224, 3] float32, already
preprocessed) and writes into DIR:
  IMAGE_logits.npy     [1000] float64, the logits (conv_preds reshaped, before the softmax)
  NAME_gradcam.npy     [7, 7] float64, Grad-CAM at conv_pw_13_relu, maximum 1
  NAME_saliency.npy    [224, 224] float32, max over colour of |d logit / d input|, raw (not normalised)
  NAME_saliency_kinks.npy  [224, 224] float32, same units: how far the saliency may move if a ReLU6 input
                       within float32 reach of 0 or 6 were rounded across it (see kink_allowance)
CLASS is an ImageNet index or "top" (the largest logit).
"""

import json
import sys
from pathlib import Path

import h5py
import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

ALPHA = 0.25
# Keras MobileNet v1: (pointwise filters at alpha 1, depthwise stride) for blocks 1..13.
BLOCKS = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
          (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1)]
LAST_CONV = "conv_pw_13_relu"
# A ReLU6 input this many times a float32 run's largest error at its layer from 0 or 6 may round to either side.
FLOAT32_REACH = 2


def expected_layers():
  """The layers Keras's MobileNet(alpha=0.25) builds, in order: (class, name or None if auto-numbered, config)."""
  bn = ("BatchNormalization", {"axis": [3], "center": True, "scale": True})
  relu6 = ("ReLU", {"max_value": 6.0, "threshold": 0.0, "negative_slope": 0.0})
  layers = [("InputLayer", None, {"batch_input_shape": [None, 224, 224, 3]}),
            ("Conv2D", "conv1", {"filters": int(32 * ALPHA), "kernel_size": [3, 3], "strides": [2, 2],
                                 "padding": "same", "use_bias": False, "activation": "linear"}),
            (bn[0], "conv1_bn", bn[1]), (relu6[0], "conv1_relu", relu6[1])]
  for i, (filters, stride) in enumerate(BLOCKS, start=1):
    if stride == 2:
      layers.append(("ZeroPadding2D", f"conv_pad_{i}", {"padding": [[0, 1], [0, 1]]}))
    layers += [("DepthwiseConv2D", f"conv_dw_{i}", {"kernel_size": [3, 3], "strides": [stride, stride],
                                                    "padding": "same" if stride == 1 else "valid",
                                                    "depth_multiplier": 1, "use_bias": False,
                                                    "activation": "linear"}),
               (bn[0], f"conv_dw_{i}_bn", bn[1]), (relu6[0], f"conv_dw_{i}_relu", relu6[1]),
               ("Conv2D", f"conv_pw_{i}", {"filters": int(filters * ALPHA), "kernel_size": [1, 1],
                                           "strides": [1, 1], "padding": "same", "use_bias": False,
                                           "activation": "linear"}),
               (bn[0], f"conv_pw_{i}_bn", bn[1]), (relu6[0], f"conv_pw_{i}_relu", relu6[1])]
  layers += [("GlobalAveragePooling2D", None, {"keepdims": True}),
             ("Dropout", "dropout", {}),
             ("Conv2D", "conv_preds", {"filters": 1000, "kernel_size": [1, 1], "strides": [1, 1],
                                       "padding": "same", "use_bias": True, "activation": "linear"}),
             ("Reshape", None, {"target_shape": [1000]}),
             ("Activation", "predictions", {"activation": "softmax"})]
  return layers


def check_config(h5):
  """Fails unless the file's model_config is exactly the chain above; returns the BN epsilon it states."""
  config = json.loads(h5.attrs["model_config"])
  layers = config["config"]["layers"]
  expected = expected_layers()
  if len(layers) != len(expected):
    sys.exit(f"model_config has {len(layers)} layers, MobileNet 0.25 has {len(expected)}")
  epsilons = set()
  previous = None
  for layer, (cls, name, fields) in zip(layers, expected):
    c = layer["config"]
    where = f"layer {c['name']}"
    if layer["class_name"] != cls or (name is not None and c["name"] != name):
      sys.exit(f"{where}: {layer['class_name']} where MobileNet has {cls} {name}")
    for key, value in fields.items():
      if c.get(key) != value:
        sys.exit(f"{where}: {key} = {c.get(key)!r}, expected {value!r}")
    if c.get("dilation_rate", [1, 1]) != [1, 1] or c.get("data_format", "channels_last") != "channels_last":
      sys.exit(f"{where}: dilation or data format not handled here")
    inbound = [node[0] for node in layer["inbound_nodes"][0]] if layer["inbound_nodes"] else []
    if inbound != ([previous] if previous else []):
      sys.exit(f"{where}: input {inbound}, expected the previous layer {previous}")
    if cls == "BatchNormalization":
      epsilons.add(c["epsilon"])
    previous = c["name"]
  if len(epsilons) != 1:
    sys.exit(f"batch norms with several epsilons {epsilons}")
  return epsilons.pop()


def weights(h5, layer):
  group = h5["model_weights"][layer]
  names = [n.decode() if isinstance(n, bytes) else n for n in group.attrs["weight_names"]]
  return {n.split("/")[-1].split(":")[0]: torch.from_numpy(np.asarray(group[n], dtype=np.float64)) for n in names}


def pad_same(x, kernel, stride):
  """TensorFlow's "same" padding: the odd pixel goes after (bottom/right), as for conv1's stride 2."""
  pads = []
  for size in (x.shape[3], x.shape[2]):  # F.pad lists the last dimension first
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    pads += [total // 2, total - total // 2]
  return F.pad(x, pads)


def relu6(x):
  # TensorFlow's Relu6Grad passes the gradient only where 0 < x < 6, so this does too (clamp passes it at the ends).
  return torch.where(x >= 6, torch.full_like(x, 6.0), x * ((x > 0) & (x < 6)))


class MobileNet:
  def __init__(self, h5):
    self.eps = check_config(h5)
    self.w = {name: weights(h5, name) for name in h5["model_weights"].attrs["layer_names"].astype(str)
              if len(h5["model_weights"][name].attrs["weight_names"])}

  def float32(self):
    """The same network in float32: only to estimate how far float32 rounding reaches (kink_allowance)."""
    copy = MobileNet.__new__(MobileNet)
    copy.eps = self.eps
    copy.w = {layer: {name: t.float() for name, t in p.items()} for layer, p in self.w.items()}
    return copy

  def bn(self, x, name):
    p = self.w[name]
    shape = (1, -1, 1, 1)
    return ((x - p["moving_mean"].view(shape)) / torch.sqrt(p["moving_variance"].view(shape) + self.eps)
            * p["gamma"].view(shape) + p["beta"].view(shape))

  def conv(self, x, name, stride, padding):
    k = self.w[name]["kernel"].permute(3, 2, 0, 1)  # HWIO -> OIHW
    x = pad_same(x, k.shape[2], stride) if padding == "same" else x
    return F.conv2d(x, k, self.w[name].get("bias"), stride=stride)

  def depthwise(self, x, name, stride, padding):
    k = self.w[name]["depthwise_kernel"].permute(2, 3, 0, 1)  # (h, w, C, 1) -> (C, 1, h, w)
    x = pad_same(x, k.shape[2], stride) if padding == "same" else x
    return F.conv2d(x, k, stride=stride, groups=k.shape[0])

  def forward(self, x_nhwc, relus=None):
    """The logits [1000] and the last conv stage's output (NCHW), from one NHWC input; every ReLU6's input and
    output are appended to relus if given."""
    def act(pre):
      out = relu6(pre)
      if relus is not None:
        relus.append((pre, out))
      return out

    x = x_nhwc.permute(0, 3, 1, 2)
    x = act(self.bn(self.conv(x, "conv1", 2, "same"), "conv1_bn"))
    for i, (_, stride) in enumerate(BLOCKS, start=1):
      if stride == 2:
        x = F.pad(x, (0, 1, 0, 1))  # conv_pad_i: ((top 0, bottom 1), (left 0, right 1))
      x = act(self.bn(self.depthwise(x, f"conv_dw_{i}", stride, "same" if stride == 1 else "valid"),
                      f"conv_dw_{i}_bn"))
      x = act(self.bn(self.conv(x, f"conv_pw_{i}", 1, "same"), f"conv_pw_{i}_bn"))
    last = x
    x = x.mean(dim=(2, 3), keepdim=True)  # dropout is the identity at inference
    x = self.conv(x, "conv_preds", 1, "same")
    return x.reshape(-1), last


def explain(net, x_nhwc, cls):
  x = x_nhwc.clone().requires_grad_(True)
  relus = []
  logits, last = net.forward(x, relus)
  target = int(torch.argmax(logits)) if cls == "top" else int(cls)
  grads = torch.autograd.grad(logits[target], [last, x] + [out for _, out in relus], retain_graph=True)
  grad_last, grad_input, grad_relus = grads[0], grads[1], grads[2:]
  # keras.io: pooled_grads = reduce_mean(grads, axis=(0, 1, 2)); heatmap = conv_output[0] @ pooled_grads
  pooled = grad_last[0].mean(dim=(1, 2))
  heatmap = torch.einsum("khw,k->hw", last[0].detach(), pooled)
  heatmap = torch.clamp(heatmap, min=0) / heatmap.max()
  saliency = grad_input[0].abs().amax(dim=2)
  return logits.detach(), target, heatmap, saliency, kink_allowance(net, x, relus, grad_relus)


def kink_allowance(net, x, relus, grad_relus):
  """Per input pixel, the most the saliency moves if one ReLU6 whose input lies within float32 reach of 0 or 6
  had its gate the other way: the input gradient then gains or loses that unit's path, d logit / d out times
  d in / d x. A float32 implementation may round such an input across the kink (TensorFlow does for one unit of
  chelsea: see the README). The reach of a layer is twice the largest difference between this network run in
  float32 and in float64 at that layer's ReLU6 inputs."""
  relus32 = []
  net.float32().forward(x.detach().float(), relus32)
  allowance = torch.zeros(x.shape[1:3])
  for (pre, _), (pre32, _), upstream in zip(relus, relus32, grad_relus):
    reach = FLOAT32_REACH * (pre.detach() - pre32.double()).abs().max()
    near = torch.minimum(pre.abs(), (pre - 6).abs()) < reach
    for index in near.nonzero().tolist():
      unit = tuple(index)
      (path,) = torch.autograd.grad(pre[unit], x, retain_graph=True)
      allowance = torch.maximum(allowance, (upstream[unit] * path[0]).abs().amax(dim=2))
  return allowance


def main(args):
  if len(args) < 3:
    sys.exit(__doc__)
  model, out = Path(args[0]), Path(args[1])
  with h5py.File(model, "r") as h5:
    net = MobileNet(h5)
  print(f"{model}: layers match MobileNet v1 0.25, batch norm epsilon {net.eps}")
  for case in args[2:]:
    name, spec = case.split("=")
    image, cls = spec.split(":")
    x = np.load(out / f"{image}_input.npy")
    if x.shape != (1, 224, 224, 3) or x.dtype != np.float32:
      sys.exit(f"{image}_input.npy: {x.shape} {x.dtype}, expected (1, 224, 224, 3) float32")
    logits, target, heatmap, saliency, allowance = explain(net, torch.from_numpy(x.astype(np.float64)), cls)
    np.save(out / f"{image}_logits.npy", logits.numpy())
    np.save(out / f"{name}_gradcam.npy", heatmap.numpy())
    np.save(out / f"{name}_saliency.npy", saliency.numpy().astype(np.float32))
    np.save(out / f"{name}_saliency_kinks.npy", allowance.numpy().astype(np.float32))
    p = torch.softmax(logits, 0)
    print(f"{name}: class {target} logit {logits[target]:.6f} p {p[target]:.4f} (top-1 {int(torch.argmax(logits))}), "
          f"saliency max {saliency.max():.6g}, kink allowance max {allowance.max() / saliency.max():.3g} of it, "
          f"over 1e-3 of it at {int((allowance > 1e-3 * saliency.max()).sum())} pixels")


if __name__ == "__main__":
  main(sys.argv[1:])
