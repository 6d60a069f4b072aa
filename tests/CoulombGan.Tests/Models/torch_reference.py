"""Independent PyTorch forward pass of this project's architectures, for the cross-check test.

Usage: python3 torch_reference.py DIR
DIR holds config.txt ("dcgan C S Z" or "mlp D Z"), manifest.txt (one "name d1 d2 ..." line per tensor) and
NAME.bin files (float32, little-endian, row-major). Writes g_train.bin, g_eval.bin, d.bin and d_grad.bin.
The architecture is written out here from the paper's description, not read from the C# code.
"""
import sys

import torch
import torch.nn.functional as F

root = sys.argv[1]
shapes = {}
with open(f"{root}/manifest.txt") as f:
    for line in f:
        parts = line.split()
        shapes[parts[0]] = [int(p) for p in parts[1:]]


def t(name):
    with open(f"{root}/{name}.bin", "rb") as f:
        data = bytearray(f.read())
    return torch.frombuffer(data, dtype=torch.float32).reshape(shapes[name]).clone()


def save(name, tensor):
    with open(f"{root}/{name}.bin", "wb") as f:
        f.write(tensor.detach().contiguous().to(torch.float32).numpy().tobytes())


config = open(f"{root}/config.txt").read().split()
kind = config[0]

if kind == "dcgan":
    channels, size, latent = int(config[1]), int(config[2]), int(config[3])
    ups = {28: 2, 32: 3, 64: 4}[size]  # 28 = 7 * 2^2, 32 = 4 * 2^3, 64 = 4 * 2^4
    base = size >> ups
    c0 = 128 * 2 ** (ups - 1)

    def bn(x, prefix, training):
        mean = None if training else t(prefix + ".running_mean")
        var = None if training else t(prefix + ".running_var")
        return F.batch_norm(x, mean, var, t(prefix + ".weight"), t(prefix + ".bias"), training=training, eps=1e-5)

    def generator(z, training):
        x = F.linear(z, t("g.project.weight")).reshape(-1, c0, base, base)
        x = F.relu(bn(x, "g.project_bn", training))
        for i in range(1, ups):
            x = F.conv_transpose2d(x, t(f"g.body.deconv{i}.weight"), stride=2, padding=2, output_padding=1)
            x = F.relu(bn(x, f"g.body.bn{i}", training))
        x = F.conv_transpose2d(x, t("g.body.deconv_out.weight"), t("g.body.deconv_out.bias"),
                               stride=2, padding=2, output_padding=1)
        return torch.tanh(x)

    def discriminator(x):
        for i in range(ups):
            x = F.conv2d(x, t(f"d.features.conv{i}.weight"), t(f"d.features.conv{i}.bias"), stride=2, padding=2)
            x = F.leaky_relu(x, 0.2)
        return F.linear(x.flatten(1), t("d.output.weight"), t("d.output.bias")).squeeze(1)

elif kind == "mlp":
    def mlp(x, prefix, hidden_layers):
        for i in range(hidden_layers):
            x = F.elu(F.linear(x, t(f"{prefix}.net.fc{i}.weight"), t(f"{prefix}.net.fc{i}.bias")))
        return F.linear(x, t(f"{prefix}.net.out.weight"), t(f"{prefix}.net.out.bias"))

    def generator(z, training):
        return mlp(z, "g", 3)

    def discriminator(x):
        return mlp(x, "d", 2).squeeze(1)

else:
    raise SystemExit(f"unknown kind {kind}")

z = t("z")
x = t("x").requires_grad_(True)
with torch.no_grad():
    save("g_train", generator(z, True))
    save("g_eval", generator(z, False))
y = discriminator(x)
(grad,) = torch.autograd.grad(y.sum(), x)
save("d", y)
save("d_grad", grad)
