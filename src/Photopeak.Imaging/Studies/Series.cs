namespace Photopeak.Imaging.Studies;

/// <summary>The acquisitions (instances) of one Series Instance UID, ordered by Instance Number then path.</summary>
public sealed record Series(string SeriesInstanceUid, IReadOnlyList<NmAcquisition> Acquisitions, IReadOnlyList<string> Warnings)
{
    public int? SeriesNumber => Acquisitions[0].SeriesNumber;
    public string? Description => Acquisitions[0].SeriesDescription;
    public string? Modality => Acquisitions[0].Modality;
}
