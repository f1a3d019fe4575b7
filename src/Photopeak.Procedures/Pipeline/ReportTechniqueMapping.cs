using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Studies;
using ReportEnergyWindow = Photopeak.Reporting.Model.EnergyWindow;

namespace Photopeak.Procedures.Pipeline;

/// <summary>The one mapping from the acquisition model's technique attributes to the report's printed form.</summary>
public static class ReportTechniqueMapping
{
    /// <summary>The window as the report prints it (centre and full width in percent, to 0.1), or null.</summary>
    public static ReportEnergyWindow? ToReportWindow(this EnergyWindow? window) =>
        window is null ? null : new ReportEnergyWindow(Math.Round(window.CentreKeV, 1), Math.Round(window.WidthPercent, 1));

    /// <summary>The photopeak window the report prints first and, for a nuclide acquired in several (In-111, Ga-67, Tl-201),
    /// the others (null when there is one).</summary>
    public static (ReportEnergyWindow? Main, IReadOnlyList<ReportEnergyWindow>? Others) ToReportWindows(this NmAcquisition acquisition)
    {
        var windows = acquisition.ImagedPhotopeakWindows;
        return (windows.FirstOrDefault().ToReportWindow(), windows.Count >= 2 ? [.. windows.Skip(1).Select(w => w.ToReportWindow()!)] : null);
    }
}
