namespace Photopeak.Imaging.Studies;

/// <summary>Acquisitions in the order they were acquired.</summary>
public static class AcquisitionOrder
{
    /// <summary>By Acquisition Date/Time (undated last), then Series Number (unnumbered last).</summary>
    public static List<NmAcquisition> InAcquisitionOrder(this IEnumerable<NmAcquisition> acquisitions) =>
        acquisitions.OrderBy(a => a.AcquisitionDateTime ?? DateTime.MaxValue).ThenBy(a => a.SeriesNumber ?? int.MaxValue).ToList();
}
