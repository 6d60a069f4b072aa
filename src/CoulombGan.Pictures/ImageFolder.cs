using CoulombGan.Data;
using SkiaSharp;

namespace CoulombGan.Pictures;

/// <summary>Images read from a folder: values [N, C, H, W] in C order, in [-1, 1], and the files they came from.</summary>
public sealed record ImageFolderImages(float[] Values, int Count, int Channels, int Height, int Width, IReadOnlyList<string> Files)
{
    public long[] Shape => [Count, Channels, Height, Width];
}

/// <summary>
/// Reads a folder of images (*.png, *.jpg, *.jpeg, *.bmp, *.webp; not recursive; sorted by file name, ordinal) into
/// one array, the inverse of <see cref="ImageGrid"/>'s mapping: byte b becomes b / 127.5 - 1, so a PNG written from
/// values on that grid reads back exactly. The folder is grey (1 channel) when every pixel of every image has
/// R = G = B, else RGB (3 channels; a grey image in it becomes three equal channels). Alpha is ignored.
/// All images must have one size. Problems are a one-line <see cref="DataFormatException"/> naming the folder or the file.
/// </summary>
public static class ImageFolder
{
    /// <summary>The file name extensions read (compared without regard to case).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".bmp", ".webp"];

    private static readonly float[] ByteToValue = Enumerable.Range(0, 256).Select(b => (float)(b / 127.5 - 1.0)).ToArray();

    /// <summary>The image files of <paramref name="directory"/>, sorted by name.</summary>
    public static IReadOnlyList<string> ImageFiles(string directory)
    {
        if (!Directory.Exists(directory)) throw new DataFormatException(directory, "folder not found");
        return Directory.EnumerateFiles(directory)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Reads the first <paramref name="limit"/> images (all when null) of <paramref name="directory"/>.</summary>
    public static ImageFolderImages Read(string directory, int? limit = null)
    {
        var files = ImageFiles(directory);
        if (files.Count == 0) throw new DataFormatException(directory, $"no images ({string.Join(", ", Extensions.Select(e => "*" + e))}) in this folder");
        if (limit is { } l) files = files.Take(Math.Max(l, 0)).ToList();
        if (files.Count == 0) throw new ArgumentException($"limit {limit}: must be at least 1", nameof(limit));

        // Decode everything as RGB bytes first: whether the folder is grey is known only at the end.
        byte[]? rgb = null;
        int width = 0, height = 0;
        string? firstColour = null;
        for (int n = 0; n < files.Count; n++)
        {
            var (pixels, w, h) = Decode(files[n]);
            if (rgb is null)
            {
                (width, height) = (w, h);
                if ((long)files.Count * 3 * w * h > Array.MaxLength)
                    throw new DataFormatException(directory, $"{files.Count} images of {w} x {h} pixels are too many to read at once; read fewer");
                rgb = new byte[files.Count * 3 * w * h];
            }
            else if (w != width || h != height)
            {
                throw new DataFormatException(files[n], $"{w} x {h} pixels (width x height), but {Path.GetFileName(files[0])} is {width} x {height}; all images must have one size");
            }
            int plane = width * height;
            var target = rgb.AsSpan(n * 3 * plane, 3 * plane);
            bool grey = true;
            for (int p = 0; p < plane; p++)
            {
                byte r = pixels[4 * p], g = pixels[4 * p + 1], b = pixels[4 * p + 2];
                target[p] = r;
                target[plane + p] = g;
                target[2 * plane + p] = b;
                grey &= r == g && g == b;
            }
            if (!grey) firstColour ??= files[n];
        }

        int channels = firstColour is null ? 1 : 3;
        int size = width * height;
        var values = new float[files.Count * channels * size];
        for (int n = 0; n < files.Count; n++)
        for (int c = 0; c < channels; c++)
        {
            var source = rgb!.AsSpan((3 * n + c) * size, size);
            var target = values.AsSpan((channels * n + c) * size, size);
            for (int p = 0; p < size; p++) target[p] = ByteToValue[source[p]];
        }
        return new ImageFolderImages(values, files.Count, channels, height, width, files);
    }

    /// <summary>RGBA bytes (unpremultiplied, row-major) of one image file.</summary>
    private static (byte[] Pixels, int Width, int Height) Decode(string path)
    {
        var bytes = File.ReadAllBytes(path);
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw new DataFormatException(path, "not a readable image (unknown or damaged format)");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var result = codec.GetPixels(info, out byte[] pixels);
        if (result != SKCodecResult.Success) throw new DataFormatException(path, $"not a readable image (decoding: {result})");
        return (pixels, info.Width, info.Height);
    }
}
