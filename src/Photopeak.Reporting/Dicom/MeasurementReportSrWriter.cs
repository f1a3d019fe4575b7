using System.Globalization;
using Photopeak.Dicom;

namespace Photopeak.Reporting.Dicom;

/// <summary>One measurement to report: its result.json key, value, unit as result.json writes it, and how it was obtained.</summary>
public sealed record SrMeasurement(string Key, double Value, string Unit, string Method)
{
    /// <summary>The concept's readable name (Code Meaning); the key with spaces when not given.</summary>
    public string? Meaning { get; init; }
}

/// <summary>An instance the measurements were made from (Current Requested Procedure Evidence, PS3.3 C.17.2).</summary>
public sealed record SrEvidence(string SeriesInstanceUid, string SopClassUid, string SopInstanceUid);

/// <summary>
/// A Comprehensive SR (PS3.3 A.35.3) of a procedure's measurements in the shape of TID 1500 "Measurement Report": language,
/// device observer, procedure reported (the CPT code, scheme C4), and one Measurement Group (TID 1501) of NUM items with UCUM
/// units. Measurement names have no standard codes (H/M ratio, washout, lung split), so they are coded in the private scheme
/// 99PHOTOPEAK with the result.json key as code value and a readable meaning, as PS3.16 8.1 allows for local concepts.
/// </summary>
public static class MeasurementReportSrWriter
{
    /// <summary>The private coding scheme of Photopeak's measurement concepts.</summary>
    public const string CodingScheme = "99PHOTOPEAK";

    /// <summary>
    /// Builds the SR. <paramref name="source"/> gives patient and study (an instance of the study); <paramref name="procedureCpt"/>
    /// and <paramref name="procedureMeaning"/> name the procedure reported. Measurements without a finite value are left out.
    /// </summary>
    public static DicomDataset Create(DicomDataset source, string procedureCpt, string procedureMeaning, IReadOnlyList<SrMeasurement> measurements,
        IReadOnlyList<SrEvidence> evidence, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(source);
        var studyUid = source.GetString(DicomTags.StudyInstanceUID);
        if (string.IsNullOrWhiteSpace(studyUid)) throw new ReportDicomException("source instance has no Study Instance UID (0020,000D); the SR cannot be placed in its study");
        if (evidence.Count == 0) throw new ReportDicomException("a measurement report needs the instances it was measured on");
        var ds = new DicomDataset();
        CompositeContext.Copy(source, ds, procedureMeaning + string.Concat(measurements.Select(m => m.Method)));
        var date = created.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = created.ToString("HHmmss", CultureInfo.InvariantCulture);
        ds.Set(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.88.33")
          .Set(DicomTags.SOPInstanceUID, DicomVR.UI, DicomUid.Generate())
          .Set(DicomTags.InstanceCreationDate, date)
          .Set(DicomTags.InstanceCreationTime, time)
          // SR Document Series (C.17.1)
          .Set(DicomTags.Modality, "SR")
          .Set(DicomTags.SeriesInstanceUID, DicomVR.UI, DicomUid.Generate())
          .SetNumbers(DicomTags.SeriesNumber, 9901)
          .Set(DicomTags.SeriesDescription, "Photopeak measurements")
          .SetSequence(DicomTags.ReferencedPerformedProcedureStepSequence)
          // General Equipment (C.7.5.1)
          .Set(DicomTags.Manufacturer, "Photopeak")
          .Set(DicomTags.SoftwareVersions, "Photopeak " + (typeof(MeasurementReportSrWriter).Assembly.GetName().Version?.ToString() ?? "0"))
          // SR Document General (C.17.2): a machine's draft, not verified by a physician
          .SetNumbers(DicomTags.InstanceNumber, 1)
          .Set(DicomTags.CompletionFlag, "COMPLETE")
          .Set(DicomTags.VerificationFlag, "UNVERIFIED")
          .Set(DicomTags.ContentDate, date)
          .Set(DicomTags.ContentTime, time)
          .SetSequence(DicomTags.PerformedProcedureCodeSequence, Code(procedureCpt, "C4", procedureMeaning))
          .SetSequence(DicomTags.CurrentRequestedProcedureEvidenceSequence, Evidence(studyUid, evidence));

        // SR Document Content (C.17.3): the root container of TID 1500.
        ds.Set(DicomTags.ValueType, "CONTAINER")
          .SetSequence(DicomTags.ConceptNameCodeSequence, Code("126000", "DCM", "Imaging Measurement Report"))
          .Set(DicomTags.ContinuityOfContent, "SEPARATE")
          .SetSequence(DicomTags.ContentTemplateSequence, new DicomDataset().Set(DicomTags.MappingResource, "DCMR").Set(DicomTags.TemplateIdentifier, "1500"));
        var group = new List<DicomDataset>
        {
            Item("CONTAINS", "TEXT", Code("112039", "DCM", "Tracking Identifier")).Set(DicomTags.TextValue, procedureMeaning.Length <= 64 ? procedureMeaning : procedureMeaning[..64]),
            Item("CONTAINS", "UIDREF", Code("112040", "DCM", "Tracking Unique Identifier")).Set(DicomTags.UID, DicomVR.UI, DicomUid.Generate()),
        };
        foreach (var m in measurements.Where(m => double.IsFinite(m.Value)))
            group.Add(Item("CONTAINS", "NUM", Concept(m)).SetSequence(DicomTags.MeasuredValueSequence, new DicomDataset()
                .SetSequence(DicomTags.MeasurementUnitsCodeSequence, Unit(m.Unit))
                .SetNumbers(DicomTags.NumericValue, DicomVR.DS, m.Value)));
        ds.SetSequence(DicomTags.ContentSequence,
            Item("HAS CONCEPT MOD", "CODE", Code("121049", "DCM", "Language of Content Item and Descendants"))
                .SetSequence(DicomTags.ConceptCodeSequence, Code("en", "RFC5646", "English")),
            Item("HAS OBS CONTEXT", "CODE", Code("121005", "DCM", "Observer Type")).SetSequence(DicomTags.ConceptCodeSequence, Code("121007", "DCM", "Device")),
            Item("HAS OBS CONTEXT", "UIDREF", Code("121012", "DCM", "Device Observer UID")).Set(DicomTags.UID, DicomVR.UI, DicomUid.ImplementationClass),
            Item("HAS CONCEPT MOD", "CODE", Code("121058", "DCM", "Procedure reported")).SetSequence(DicomTags.ConceptCodeSequence, Code(procedureCpt, "C4", procedureMeaning)),
            Item("CONTAINS", "CONTAINER", Code("126010", "DCM", "Imaging Measurements")).Set(DicomTags.ContinuityOfContent, "SEPARATE")
                .SetSequence(DicomTags.ContentSequence,
                    Item("CONTAINS", "CONTAINER", Code("125007", "DCM", "Measurement Group")).Set(DicomTags.ContinuityOfContent, "SEPARATE")
                        .SetSequence(DicomTags.ContentSequence, [.. group])));
        return ds;
    }

    /// <summary>The result.json unit as a UCUM code (PS3.16 CID 7181): ratios and scores are annotations of 1.</summary>
    public static (string Value, string Meaning) UcumOf(string unit) => unit switch
    {
        "%" => ("%", "percent"),
        "ratio" => ("{ratio}", "ratio"),
        "score" => ("{score}", "score"),
        "L" => ("L", "liter"),
        "mL" or "ml" => ("mL", "milliliter"),
        "MBq" => ("MBq", "megabecquerel"),
        "h" => ("h", "hour"),
        "min" => ("min", "minute"),
        "s" => ("s", "second"),
        "mm" => ("mm", "millimeter"),
        "counts/s" or "cps" => ("/s", "per second"),
        _ => ("1", "no units"),
    };

    private static DicomDataset Unit(string unit)
    {
        var (value, meaning) = UcumOf(unit);
        return Code(value, "UCUM", meaning);
    }

    // The measurement's concept in the private scheme: the key itself (a Long Code Value beyond 16 characters, PS3.3 8.8).
    private static DicomDataset Concept(SrMeasurement m) =>
        Code(m.Key, CodingScheme, m.Meaning ?? char.ToUpperInvariant(m.Key[0]) + m.Key[1..].Replace('_', ' '));

    private static DicomDataset Code(string value, string scheme, string meaning)
    {
        var code = new DicomDataset();
        if (value.Length <= 16) code.Set(DicomTags.CodeValue, value);
        else code.Set(DicomTags.LongCodeValue, value);
        return code.Set(DicomTags.CodingSchemeDesignator, scheme).Set(DicomTags.CodeMeaning, meaning.Length <= 64 ? meaning : meaning[..64]);
    }

    private static DicomDataset Item(string relationship, string valueType, DicomDataset concept) => new DicomDataset()
        .Set(DicomTags.RelationshipType, relationship)
        .Set(DicomTags.ValueType, valueType)
        .SetSequence(DicomTags.ConceptNameCodeSequence, concept);

    private static DicomDataset Evidence(string studyUid, IReadOnlyList<SrEvidence> evidence) => new DicomDataset()
        .Set(DicomTags.StudyInstanceUID, DicomVR.UI, studyUid)
        .SetSequence(DicomTags.ReferencedSeriesSequence, evidence.GroupBy(e => e.SeriesInstanceUid).Select(series => new DicomDataset()
            .Set(DicomTags.SeriesInstanceUID, DicomVR.UI, series.Key)
            .SetSequence(DicomTags.ReferencedSOPSequence, series.Select(i => new DicomDataset()
                .Set(DicomTags.ReferencedSOPClassUID, DicomVR.UI, i.SopClassUid)
                .Set(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, i.SopInstanceUid)).ToArray())).ToArray());
}
