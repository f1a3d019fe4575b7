using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Photopeak.Imaging.Studies;

namespace Photopeak.Cli.Commands;

/// <summary>
/// photopeak info PATH [--json]: per series, what the NM study model makes of the files (never the patient's name).
/// Exit codes: 0 ok (a folder may hold some unreadable files: they are listed), 2 usage (PATH does not exist),
/// 3 unreadable input (PATH is a file that is not readable DICOM, or a folder where no study could be read).
/// </summary>
public static class InfoCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A DICOM file, or a folder searched recursively" };
        var json = new Option<bool>("--json") { Description = "Print a JSON document for scripts instead of text" };
        var command = new Command("info", "Summarise the nuclear-medicine studies in a file or folder");
        command.Arguments.Add(path);
        command.Options.Add(json);
        command.SetAction(pr => Run(pr.GetValue(path)!, pr.GetValue(json), Console.Out, Console.Error));
        return command;
    }

    /// <summary>The command's work, with its writers given (tests call it directly too).</summary>
    public static int Run(string path, bool json, TextWriter output, TextWriter error)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            error.WriteLine($"info: {path}: no such file or folder");
            return ExitCodes.UnreadableInput;
        }
        var isFolder = Directory.Exists(path);
        var result = StudyLoader.Load(path);
        if (result.Studies.Count == 0)
        {
            if (result.Unreadable.Count == 0) error.WriteLine($"info: {path}: the folder holds no files");
            foreach (var u in result.Unreadable) error.WriteLine($"info: {u.Path}: {u.Reason}");
            if (isFolder) error.WriteLine($"info: no study could be read from {path}");
            return ExitCodes.UnreadableInput;
        }
        // What was skipped (a FIFO, a file that is not DICOM) is said, so that a study missing a file is not taken as whole.
        foreach (var u in result.Unreadable) error.WriteLine($"info: note: {u.Path}: {u.Reason}");
        string Show(string? file) => file is null ? "-" : isFolder ? Path.GetRelativePath(path, file) : file;
        if (json) WriteJson(result, output, Show);
        else WriteText(result, output, Show);
        return ExitCodes.Ok;
    }

    private static string F(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);

    private static void WriteText(StudyLoadResult result, TextWriter o, Func<string?, string> show)
    {
        foreach (var study in result.Studies)
        {
            o.WriteLine($"Study {study.StudyInstanceUid}");
            o.WriteLine($"  Patient ID: {study.PatientId ?? "-"}   Study date: {study.StudyDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-"}");
            foreach (var series in study.Series)
            {
                o.WriteLine($"  Series {series.SeriesNumber?.ToString(CultureInfo.InvariantCulture) ?? "-"} \"{series.Description ?? ""}\" ({series.Modality ?? "-"}, {series.Acquisitions.Count} instance{(series.Acquisitions.Count == 1 ? "" : "s")})  {series.SeriesInstanceUid}");
                foreach (var w in series.Warnings) o.WriteLine($"    warning: {w}");
                foreach (var a in series.Acquisitions)
                {
                    o.WriteLine($"    {show(a.SourcePath)}");
                    o.WriteLine($"      SOP class:       {a.SopClassName ?? "-"}");
                    o.WriteLine($"      NM image type:   {a.ImageType.ToDicomTerm()}");
                    o.WriteLine($"      Matrix:          {Matrix(a)}");
                    o.WriteLine($"      Frames:          {(a.FrameProblem is { } p ? "cannot be indexed: " + p.Message : $"{a.NumberOfFrames} ({a.Layout})")}");
                    o.WriteLine($"      Energy windows:  {(a.EnergyWindows.Count == 0 ? "-" : string.Join("; ", a.EnergyWindows.Select(w => $"{w.Number}{(w.Name is null ? "" : " " + w.Name)}: {F(w.CentreKeV, "0.#")} keV, width {F(w.WidthKeV, "0.#")} keV ({F(w.WidthPercent, "0.#")}%)")))}");
                    o.WriteLine($"      Radionuclide:    {Nuclide(a)}");
                    o.WriteLine($"      Collimator:      {Join(a.Detectors.Select(d => d.CollimatorName ?? d.CollimatorType))}");
                    o.WriteLine($"      Views:           {Join(a.Detectors.Select(d => d.View?.Label))}");
                    foreach (var w in a.Warnings) o.WriteLine($"      warning: {w}");
                }
            }
        }
        if (result.Unreadable.Count > 0)
        {
            o.WriteLine($"Unreadable files ({result.Unreadable.Count}):");
            foreach (var u in result.Unreadable) o.WriteLine($"  {show(u.Path)}: {u.Reason}");
        }
    }

    private static string Matrix(NmAcquisition a)
    {
        if (a.Rows is null || a.Columns is null) return "-";
        var text = $"{a.Columns} x {a.Rows} (columns x rows)";
        return a.PixelSpacingMm is { } s ? $"{text}, pixels {s}" : text;
    }

    private static string Nuclide(NmAcquisition a)
    {
        var rp = a.Radiopharmaceutical;
        if (rp is null) return "-";
        var parts = new List<string>();
        if (rp.Radionuclide is { } n) parts.Add($"{n.Name} (T½ {F(n.HalfLifeHours, "0.####")} h)");
        else if (rp.RadionuclideCode is { } c) parts.Add($"not recognised {c}");
        if (rp.Name is not null) parts.Add(rp.Name);
        if (rp.TotalDoseMBq is { } dose) parts.Add($"{F(dose, "0.##")} MBq");
        return parts.Count == 0 ? "-" : string.Join(", ", parts);
    }

    private static string Join(IEnumerable<string?> values)
    {
        var list = values.Select(v => v ?? "-").ToList();
        return list.Count == 0 || list.All(v => v == "-") ? "-" : string.Join(", ", list);
    }

    // JSON document (keys are stable; absent values are null):
    // { "studies": [ { "studyInstanceUid", "patientId", "studyDate" (yyyy-MM-dd),
    //     "series": [ { "seriesInstanceUid", "seriesNumber", "description", "modality", "warnings": [string],
    //       "instances": [ { "path", "sopClassUid", "sopClassName", "sopInstanceUid", "imageType" (DICOM term, e.g. "RECON TOMO"),
    //         "rows", "columns", "pixelSpacingMm": [row, column] | null, "numberOfFrames" | null, "layout" (e.g. "2 detectors x 60 views") | null,
    //         "layoutDimensions": [ { "vector" (FrameVector name), "count" } ], "frameError" | null,
    //         "energyWindows": [ { "number", "name", "lowerKeV", "upperKeV", "centreKeV", "widthKeV", "widthPercent" } ],
    //         "radionuclide": { "name", "halfLifeHours", "photopeakKeV" } | null, "radiopharmaceutical", "totalDoseMBq",
    //         "detectors": [ { "number", "collimator", "collimatorType", "view" (label, e.g. "ANT") } ], "warnings": [string] } ] } ] } ],
    //   "unreadable": [ { "path", "reason" } ] }
    private static void WriteJson(StudyLoadResult result, TextWriter o, Func<string?, string> show)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("studies");
            foreach (var study in result.Studies)
            {
                w.WriteStartObject();
                w.WriteString("studyInstanceUid", study.StudyInstanceUid);
                w.WriteString("patientId", study.PatientId);
                w.WriteString("studyDate", study.StudyDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteStartArray("series");
                foreach (var series in study.Series)
                {
                    w.WriteStartObject();
                    w.WriteString("seriesInstanceUid", series.SeriesInstanceUid);
                    NumberOrNull(w, "seriesNumber", series.SeriesNumber);
                    w.WriteString("description", series.Description);
                    w.WriteString("modality", series.Modality);
                    Strings(w, "warnings", series.Warnings);
                    w.WriteStartArray("instances");
                    foreach (var a in series.Acquisitions) WriteInstance(w, a, show);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("unreadable");
            foreach (var u in result.Unreadable)
            {
                w.WriteStartObject();
                w.WriteString("path", show(u.Path));
                w.WriteString("reason", u.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteInstance(Utf8JsonWriter w, NmAcquisition a, Func<string?, string> show)
    {
        w.WriteStartObject();
        w.WriteString("path", show(a.SourcePath));
        w.WriteString("sopClassUid", a.SopClassUid);
        w.WriteString("sopClassName", a.SopClassName);
        w.WriteString("sopInstanceUid", a.SopInstanceUid);
        w.WriteString("imageType", a.ImageType.ToDicomTerm());
        NumberOrNull(w, "rows", a.Rows);
        NumberOrNull(w, "columns", a.Columns);
        if (a.PixelSpacingMm is { } s)
        {
            w.WriteStartArray("pixelSpacingMm");
            w.WriteNumberValue(s.RowMm);
            w.WriteNumberValue(s.ColumnMm);
            w.WriteEndArray();
        }
        else w.WriteNull("pixelSpacingMm");
        var ok = a.FrameProblem is null;
        NumberOrNull(w, "numberOfFrames", ok ? a.NumberOfFrames : null);
        w.WriteString("layout", ok ? a.Layout.ToString() : null);
        w.WriteStartArray("layoutDimensions");
        if (ok)
        {
            foreach (var d in a.Layout.Dimensions)
            {
                w.WriteStartObject();
                w.WriteString("vector", d.Vector.ToString());
                w.WriteNumber("count", d.Count);
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
        w.WriteString("frameError", a.FrameProblem?.Message);
        w.WriteStartArray("energyWindows");
        foreach (var e in a.EnergyWindows)
        {
            w.WriteStartObject();
            w.WriteNumber("number", e.Number);
            w.WriteString("name", e.Name);
            w.WriteNumber("lowerKeV", e.LowerKeV);
            w.WriteNumber("upperKeV", e.UpperKeV);
            w.WriteNumber("centreKeV", e.CentreKeV);
            w.WriteNumber("widthKeV", e.WidthKeV);
            w.WriteNumber("widthPercent", Math.Round(e.WidthPercent, 6));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (a.Radionuclide is { } n)
        {
            w.WriteStartObject("radionuclide");
            w.WriteString("name", n.Name);
            w.WriteNumber("halfLifeHours", n.HalfLifeHours);
            w.WriteNumber("photopeakKeV", n.PhotopeakKeV);
            w.WriteEndObject();
        }
        else w.WriteNull("radionuclide");
        w.WriteString("radiopharmaceutical", a.Radiopharmaceutical?.Name);
        if (a.Radiopharmaceutical?.TotalDoseMBq is { } dose) w.WriteNumber("totalDoseMBq", dose);
        else w.WriteNull("totalDoseMBq");
        w.WriteStartArray("detectors");
        foreach (var d in a.Detectors)
        {
            w.WriteStartObject();
            w.WriteNumber("number", d.Number);
            w.WriteString("collimator", d.CollimatorName);
            w.WriteString("collimatorType", d.CollimatorType);
            w.WriteString("view", d.View?.Label);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Strings(w, "warnings", a.Warnings);
        w.WriteEndObject();
    }

    private static void NumberOrNull(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
