using CoulombGan.IO;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace CoulombGan.Pictures;

/// <summary>
/// Lays out a batch of images (NCHW, values in [-1, 1]) as one PNG grid, as in the paper's
/// sample figures. Each value v becomes the byte round((clamp(v, -1, 1) + 1) * 127.5);
/// one channel is drawn grey, three channels RGB. Cells are separated by white padding and
/// upscaled by <c>scale</c> with nearest-neighbour sampling.
/// </summary>
public static class ImageGrid
{
    /// <summary>The colour of the padding between and around cells (white).</summary>
    public const byte PaddingValue = 255;

    public static void Write(
        string path, float[] pixels, int count, int channels, int height, int width,
        int columns, int scale = 2, int padding = 2)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (count < 1) throw new ArgumentException($"count must be at least 1 but was {count}.", nameof(count));
        if (channels is not (1 or 3)) throw new ArgumentException($"channels must be 1 (grey) or 3 (RGB) but was {channels}.", nameof(channels));
        if (height < 1) throw new ArgumentException($"height must be at least 1 but was {height}.", nameof(height));
        if (width < 1) throw new ArgumentException($"width must be at least 1 but was {width}.", nameof(width));
        if (columns < 1) throw new ArgumentException($"columns must be at least 1 but was {columns}.", nameof(columns));
        if (scale < 1) throw new ArgumentException($"scale must be at least 1 but was {scale}.", nameof(scale));
        if (padding < 0) throw new ArgumentException($"padding must not be negative but was {padding}.", nameof(padding));
        long expected = (long)count * channels * height * width;
        if (pixels.LongLength != expected)
        {
            throw new ArgumentException(
                $"pixels has {pixels.LongLength} values but count*channels*height*width = {count}*{channels}*{height}*{width} = {expected}.",
                nameof(pixels));
        }

        int gridColumns = Math.Min(columns, count);
        int gridRows = (count + gridColumns - 1) / gridColumns;
        int cellWidth = width * scale;
        int cellHeight = height * scale;
        int imageWidth = padding + gridColumns * (cellWidth + padding);
        int imageHeight = padding + gridRows * (cellHeight + padding);

        // RGBA, row-major, filled with the padding colour.
        var rgba = new byte[checked(imageWidth * imageHeight * 4)];
        rgba.AsSpan().Fill(PaddingValue);

        int plane = height * width;
        for (int n = 0; n < count; n++)
        {
            int left = padding + (n % gridColumns) * (cellWidth + padding);
            int top = padding + (n / gridColumns) * (cellHeight + padding);
            int imageOffset = n * channels * plane;
            for (int y = 0; y < cellHeight; y++)
            {
                int sourceRow = y / scale;
                int rowOffset = ((top + y) * imageWidth + left) * 4;
                for (int x = 0; x < cellWidth; x++)
                {
                    int source = imageOffset + sourceRow * width + x / scale;
                    int target = rowOffset + x * 4;
                    byte r = ToByte(pixels[source]);
                    rgba[target] = r;
                    rgba[target + 1] = channels == 3 ? ToByte(pixels[source + plane]) : r;
                    rgba[target + 2] = channels == 3 ? ToByte(pixels[source + 2 * plane]) : r;
                    rgba[target + 3] = 255;
                }
            }
        }

        using var bitmap = new SKBitmap(new SKImageInfo(imageWidth, imageHeight, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(path, png.AsSpan());
    }

    /// <summary>Maps [-1, 1] to 0..255, clamping values outside the range; NaN maps to 0.</summary>
    internal static byte ToByte(float value)
    {
        if (float.IsNaN(value)) return 0;
        double clamped = Math.Clamp(value, -1f, 1f);
        return (byte)Math.Round((clamped + 1.0) * 127.5, MidpointRounding.AwayFromZero);
    }
}
