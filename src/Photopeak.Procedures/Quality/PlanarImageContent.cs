using Photopeak.Imaging.Pixels;

namespace Photopeak.Procedures.Quality;

/// <summary>
/// Whether a planar emission image can hold the anatomy a procedure measures, checked before any ROI is placed: a matrix fine
/// enough for the procedure's regions, counts, and contrast between organs and background. A flat, saturated or constant image
/// (every pixel one value, or nearly) has no organ to find, and any split or ratio measured on it would be a confident wrong number.
/// </summary>
public static class PlanarImageContent
{
    // A gamma-camera view of the chest has air or low-uptake tissue in its darkest twentieth: its 5th percentile lies far below
    // the organs' 99th (lungs, heart: well under a third). Half is a wide margin that only a flat or saturated image reaches.
    private const double MaximumDarkToBrightRatio = 0.5;

    /// <summary>What makes <paramref name="image"/> unusable (coarser than <paramref name="minimumMatrix"/> pixels a side, no
    /// counts, no contrast), or null when it is plausible.</summary>
    public static string? Problem(Image2D image, int minimumMatrix)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width < minimumMatrix || image.Height < minimumMatrix)
            return $"matrix {image.Width} × {image.Height} is too coarse for this analysis (at least {minimumMatrix} × {minimumMatrix})";
        var sorted = image.Pixels.ToArray();
        Array.Sort(sorted);
        var dark = sorted[(int)(0.05 * (sorted.Length - 1))];
        var bright = sorted[(int)(0.99 * (sorted.Length - 1))];
        if (!float.IsFinite(bright) || !float.IsFinite(dark)) return "pixel values are not finite numbers";
        if (!(bright > 0)) return "no counts (the brightest pixels hold 0)";
        if (dark >= MaximumDarkToBrightRatio * bright)
            return $"no contrast between organs and background (5th percentile {dark:0.#} is {dark / bright:P0} of the 99th, {bright:0.#}): " +
                   "a flat, saturated or constant image, not a planar emission image of the chest";
        return null;
    }
}
