using System.Globalization;
using Photopeak.Reporting.Model;

namespace Photopeak.Reporting.Rendering;

/// <summary>How every renderer writes dates, times, sex, flags and references, so PDF, HTML and text agree.</summary>
public static class ReportFormatting
{
    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string Date(DateOnly? d) => d is { } v ? Date(v) : "not recorded";
    public static string DateTime(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    public static string Time(DateTime t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
    public static string Signed(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm 'UTC'zzz", CultureInfo.InvariantCulture);

    /// <summary>A DICOM person name "Family^Given^Middle^Prefix^Suffix" as "Family, Given Middle"; other text unchanged.</summary>
    public static string PersonName(string name)
    {
        if (!name.Contains('^')) return name;
        var parts = name.Split('^');
        var given = string.Join(' ', parts.Skip(1).Take(2).Where(p => p.Length > 0));
        var full = given.Length > 0 ? $"{parts[0]}, {given}" : parts[0];
        return parts.Length > 3 && parts[3].Length > 0 ? $"{parts[3]} {full}" : full;
    }

    public static string Sex(PatientSex s) => s switch
    {
        PatientSex.Female => "Female",
        PatientSex.Male => "Male",
        PatientSex.Other => "Other",
        _ => "Unknown",
    };

    public static string Flag(MeasurementFlag f) => f switch
    {
        MeasurementFlag.Low => "LOW",
        MeasurementFlag.High => "HIGH",
        MeasurementFlag.Normal => "normal",
        _ => "",
    };

    /// <summary>"≥ 1.6 [Jacobson2010]" or "" without a reference.</summary>
    public static string Reference(ReferenceRange? r) => r is null ? "" : $"{r} {r.Source}".Trim();

    public static string Activity(double mbq) => mbq.ToString("0.#", CultureInfo.InvariantCulture) + " MBq";

    public static string Duration(double seconds) =>
        seconds >= 60 ? (seconds / 60).ToString("0.#", CultureInfo.InvariantCulture) + " min" : seconds.ToString("0", CultureInfo.InvariantCulture) + " s";

    /// <summary>Technique items as label/value pairs, in report order, only those present.</summary>
    public static IReadOnlyList<(string Label, string Value)> TechniqueItems(ReportTechnique t)
    {
        var items = new List<(string, string)>();
        if (t.Radiopharmaceutical is { Length: > 0 } rp) items.Add(("Radiopharmaceutical", rp));
        if (t.ActivityMBq is { } a) items.Add(("Administered activity", Activity(a)));
        if (t.InjectionTime is { } inj) items.Add(("Injection", DateTime(inj)));
        foreach (var acq in t.Acquisitions)
        {
            // An acquisition may precede the injection (a ventilation study before the perfusion tracer).
            var since = t.InjectionTime is not { } i0 ? "" : acq.Start >= i0 ? $", {FormatSince(acq.Start - i0)} after injection" : $", {FormatSince(i0 - acq.Start)} before injection";
            items.Add((acq.Label, $"{DateTime(acq.Start)}, {Duration(acq.DurationSeconds)}{since}"));
        }
        if (t.Collimator is { Length: > 0 } c) items.Add(("Collimator", c));
        if (t.EnergyWindow is { } w)
            items.Add(t.OtherEnergyWindows is not { Count: > 0 } others ? ("Energy window", w.ToString()) : ("Energy windows", string.Join(", ", [w, .. others])));
        if (t.Matrix is { } m) items.Add(("Matrix", m));
        return items;
    }

    private static string FormatSince(TimeSpan span) =>
        span.TotalMinutes < 120 ? $"{span.TotalMinutes:0} min" : $"{(int)span.TotalHours} h {span.Minutes:00} min";

    /// <summary>"DRAFT — not signed" or "Signed by X on ...".</summary>
    public static string SignatureLine(Report r) => r.Signature is { } s
        ? $"Electronically signed by {s.Signer} on {Signed(s.SignedAt)} (version {r.Version}, SHA-256 {s.ContentSha256[..16]}…)"
        : $"DRAFT — version {r.Version}, not signed. Not for clinical decisions until signed.";
}
