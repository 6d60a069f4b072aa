"""PyTorch reference for the FID Inception-v3 port (FidInceptionTests).

Usage: python3 fid_inception_reference.py DIR
Builds the FID Inception (torchvision's inception_v3 with 1008 classes and no aux logits, patched the way the
TF 2015-12-05 graph pools: average pooling without the padding in the A/C/E blocks, max pooling in Mixed_7c),
fills it with random weights and calibrated, perturbed batch-norm statistics, and writes to DIR:
  weights.pth          the state dict, torch.save zip format
  weights.safetensors  the same tensors in safetensors format (written by hand: json header + raw data)
  reference.pth        {"rgb": [3,3,H,W], "grey": [1,1,H,W] images in [-1, 1],
                        "rgb_features", "grey_features": pool_3 features [N, 2048]}
The features follow pytorch-fid's pipeline: [0, 1] images, bilinear resize to 299x299 (align_corners=False),
then 2x - 1, the network, and a global average pool.
"""
import json
import struct
import sys
import types

import torch
import torch.nn.functional as F
import torchvision

out = sys.argv[1]
torch.manual_seed(20151205)
torch.set_num_threads(1)


def pooled_branch_forward(pool):
    """forward() of an InceptionA/C/E block whose pooling branch uses `pool` instead of torchvision's avg_pool2d."""

    def forward(self, x):
        outputs = self._forward(x)  # torchvision computes every branch, the pooling one with its own avg pool
        outputs[-1] = self.branch_pool(pool(x))
        return torch.cat(outputs, 1)

    return forward


def tf_average(x):
    return F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False)


def tf_max(x):
    return F.max_pool2d(x, kernel_size=3, stride=1, padding=1)


net = torchvision.models.inception_v3(weights=None, aux_logits=False, init_weights=False, num_classes=1008)
for name in ["Mixed_5b", "Mixed_5c", "Mixed_5d", "Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e", "Mixed_7b"]:
    block = getattr(net, name)
    block.forward = types.MethodType(pooled_branch_forward(tf_average), block)
net.Mixed_7c.forward = types.MethodType(pooled_branch_forward(tf_max), net.Mixed_7c)


def pool3(x01):
    """pool_3 features of [0, 1] images, as pytorch-fid computes them."""
    x = F.interpolate(x01, size=(299, 299), mode="bilinear", align_corners=False)
    x = 2 * x - 1
    for layer in [net.Conv2d_1a_3x3, net.Conv2d_2a_3x3, net.Conv2d_2b_3x3, net.maxpool1,
                  net.Conv2d_3b_1x1, net.Conv2d_4a_3x3, net.maxpool2,
                  net.Mixed_5b, net.Mixed_5c, net.Mixed_5d, net.Mixed_6a,
                  net.Mixed_6b, net.Mixed_6c, net.Mixed_6d, net.Mixed_6e,
                  net.Mixed_7a, net.Mixed_7b, net.Mixed_7c]:
        x = layer(x)
    return F.adaptive_avg_pool2d(x, (1, 1)).flatten(1)


with torch.no_grad():
    # Random weights; batch-norm statistics of one training-mode pass over noise images (so the activations keep a
    # sensible scale through ~90 layers), then perturbed so that every statistic and affine parameter matters.
    bns = [m for m in net.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None  # cumulative average: after one batch, exactly that batch's statistics
        bn.weight.uniform_(0.6, 1.4)
        bn.bias.normal_(0.0, 0.2)
    net.train()
    pool3(torch.rand(4, 3, 299, 299))
    net.eval()
    for bn in bns:
        bn.running_mean.add_(0.05 * bn.running_var.sqrt() * torch.randn_like(bn.running_mean))
        bn.running_var.mul_(torch.empty_like(bn.running_var).uniform_(0.8, 1.25))
        bn.num_batches_tracked.fill_(1000)
    net.fc.weight.normal_(0.0, 0.02)
    net.fc.bias.normal_(0.0, 0.1)
    # The batch norms that feed Mixed_7c's concatenation scale pool_3 linearly (ReLU is positively homogeneous):
    # bring the features to the magnitude of the real network's (a few units at most) instead of hundreds.
    c7 = net.Mixed_7c
    for conv in [c7.branch1x1, c7.branch3x3_2a, c7.branch3x3_2b, c7.branch3x3dbl_3a, c7.branch3x3dbl_3b, c7.branch_pool]:
        conv.bn.weight.mul_(0.01)
        conv.bn.bias.mul_(0.01)

    # Test images in [-1, 1]: smooth low-frequency content plus noise, sizes that need resizing in both directions.
    def images(n, c, h, w):
        low = F.interpolate(torch.rand(n, c, 5, 4), size=(h, w), mode="bilinear", align_corners=False)
        return (2 * (0.7 * low + 0.3 * torch.rand(n, c, h, w)) - 1).clamp(-1, 1)

    rgb = images(3, 3, 48, 40)
    grey = images(1, 1, 48, 40)
    rgb_features = pool3((rgb + 1) / 2)
    grey_features = pool3((grey.repeat(1, 3, 1, 1) + 1) / 2)

state = net.state_dict()
torch.save(state, f"{out}/weights.pth")
torch.save({"rgb": rgb, "grey": grey, "rgb_features": rgb_features, "grey_features": grey_features},
           f"{out}/reference.pth")

# safetensors: u64 little-endian header length, JSON header {name: {dtype, shape, data_offsets}}, raw data.
dtypes = {torch.float32: "F32", torch.int64: "I64"}
header, blobs, offset = {}, [], 0
for name, tensor in state.items():
    data = tensor.contiguous().numpy().tobytes()
    header[name] = {"dtype": dtypes[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
    blobs.append(data)
    offset += len(data)
text = json.dumps(header).encode()
text += b" " * (-len(text) % 8)
with open(f"{out}/weights.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    for data in blobs:
        f.write(data)

print(f"features: max |rgb| {rgb_features.abs().max():.4g}, mean {rgb_features.mean():.4g}")
