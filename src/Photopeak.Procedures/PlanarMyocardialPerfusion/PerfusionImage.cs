using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.PlanarMyocardialPerfusion;

/// <summary>One planar perfusion image: its state, view, the acquisition it came from and its photopeak counts.</summary>
public sealed record PerfusionImage(PerfusionState State, MpiView View, NmAcquisition Acquisition, float[] Pixels, int Rows, int Columns, double PixelMm)
{
    /// <summary>"stress ANT" etc., as result.json and the report name the image.</summary>
    public string Name => $"{State.ToString().ToLowerInvariant()} {ViewLabel(View)}";

    public static string ViewLabel(MpiView view) => view switch
    {
        MpiView.Anterior => "ANT",
        MpiView.Lao45 => "LAO 45",
        _ => "LLAT",
    };
}
