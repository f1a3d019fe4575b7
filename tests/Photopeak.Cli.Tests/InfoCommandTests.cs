using System.Text.Json;
using Photopeak.Cli;
using Photopeak.Cli.Commands;
using Photopeak.Dicom;
using Photopeak.Dicom.IO;

namespace Photopeak.Cli.Tests;

[Collection(ConsoleCli.Collection)]
public sealed class InfoCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("photopeak-info-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static (int Code, string Out, string Err) RunCli(params string[] args) => ConsoleCli.Run(args);

    [Fact]
    public void Info_on_the_nm_folder_prints_every_series_and_returns_0()
    {
        var (code, output, error) = RunCli("info", SharedData.PathOf("nm"));
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error);
        // 16 files in 6 studies (Study Instance UIDs per dcmdump: heart, Mediso 2014, Mediso 2013, thyroid, WG04, WG04 RLE).
        Assert.Equal(6, CountLines(output, "Study "));
        Assert.Equal(16, CountLines(output, "SOP class:"));
        Assert.Contains("Frames:          45 (45 slices)", output);
        Assert.Contains("Frames:          13 (13 slices)", output);
        Assert.Contains("NM image type:   RECON TOMO", output);
        Assert.Contains("Matrix:          256 x 1024 (columns x rows), pixels 2.26 x 2.26 mm", output);
        Assert.Contains("Energy windows:  1: 140 keV, width 28 keV (20%)", output);
        Assert.Contains("Radionuclide:    Tc-99m", output);
        Assert.Contains("Collimator:      LEHR", output);
        Assert.Contains("Views:           ANT", output);
        Assert.Contains("SOP class:       Secondary Capture Image Storage", output);
        Assert.Contains("Patient ID: 123456", output);
        Assert.Contains("Study date: 2014-07-28", output);
    }

    [Fact]
    public void Info_never_prints_patient_names()
    {
        var (_, output, _) = RunCli("info", SharedData.PathOf("nm"));
        var (_, json, _) = RunCli("info", "--json", SharedData.PathOf("nm"));
        // Patient Name (0010,0010) values of the shared files, per dcmdump.
        foreach (var name in new[] { "CONTROL DE CALIDAD", "ANONYMIZED^THYROID", "CompressedSamples", "Anonymized", "Patient,The" })
        {
            Assert.DoesNotContain(name, output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(name, json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Json_output_has_the_documented_keys_and_values()
    {
        var (code, output, _) = RunCli("info", "--json", SharedData.PathOf("nm/nmqc/Jaszack.dcm"));
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var study = Assert.Single(doc.RootElement.GetProperty("studies").EnumerateArray());
        Assert.Equal("123456", study.GetProperty("patientId").GetString());
        Assert.Equal("2014-07-28", study.GetProperty("studyDate").GetString());
        var instance = Assert.Single(Assert.Single(study.GetProperty("series").EnumerateArray()).GetProperty("instances").EnumerateArray());
        Assert.Equal("RECON TOMO", instance.GetProperty("imageType").GetString());
        Assert.Equal("Nuclear Medicine Image Storage", instance.GetProperty("sopClassName").GetString());
        Assert.Equal(128, instance.GetProperty("rows").GetInt32());
        Assert.Equal(45, instance.GetProperty("numberOfFrames").GetInt32());
        Assert.Equal("45 slices", instance.GetProperty("layout").GetString());
        Assert.Equal("Slice", instance.GetProperty("layoutDimensions")[0].GetProperty("vector").GetString());
        Assert.Equal(JsonValueKind.Null, instance.GetProperty("frameError").ValueKind);
        var ew = Assert.Single(instance.GetProperty("energyWindows").EnumerateArray());
        Assert.Equal(140, ew.GetProperty("centreKeV").GetDouble(), 1e-9);
        Assert.Equal(28, ew.GetProperty("widthKeV").GetDouble(), 1e-9);
        Assert.Equal(20, ew.GetProperty("widthPercent").GetDouble(), 1e-9);
        Assert.Equal("Tc-99m", instance.GetProperty("radionuclide").GetProperty("name").GetString());
        Assert.Equal("LEHR", instance.GetProperty("detectors")[0].GetProperty("collimator").GetString());
        Assert.Empty(doc.RootElement.GetProperty("unreadable").EnumerateArray());
    }

    [Fact]
    public void Folder_with_some_unreadable_files_lists_them_and_returns_0()
    {
        File.Copy(SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm"), Path.Combine(folder, "thyroid.dcm"));
        File.WriteAllText(Path.Combine(folder, "readme.txt"), "not DICOM");
        var (code, output, _) = RunCli("info", folder);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Unreadable files (1):", output);
        Assert.Contains("readme.txt: not recognisable as DICOM", output);
        Assert.Contains("NM image type:   STATIC", output);

        var (jsonCode, json, _) = RunCli("info", "--json", folder);
        Assert.Equal(0, jsonCode);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("readme.txt", Assert.Single(doc.RootElement.GetProperty("unreadable").EnumerateArray()).GetProperty("path").GetString());
    }

    [Fact]
    public void Frame_problems_are_reported_per_instance_without_failing_the_command()
    {
        File.Copy(SharedData.PathOf("robustness/pydicom/badVR.dcm"), Path.Combine(folder, "badVR.dcm"));
        var (code, output, _) = RunCli("info", folder);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("cannot be indexed", output);
        Assert.Contains("(0028,0008) NumberOfFrames", output);
        Assert.Contains("SOP class:       RT Dose Storage", output);
    }

    [Fact]
    public void Tomo_projections_show_the_layout_by_vector_and_the_views_of_each_detector()
    {
        File.WriteAllBytes(Path.Combine(folder, "tomo.dcm"), DicomWriter.ToBytes(TwoHeadTomo(60), TransferSyntax.ExplicitVRLittleEndian));
        var (code, output, _) = RunCli("info", folder);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("NM image type:   TOMO", output);
        Assert.Contains("Frames:          120 (2 detectors x 60 views)", output);
        Assert.Contains("Collimator:      LEHR, LEHR", output);
        Assert.Contains("Views:           ANT, POST", output);
        Assert.Contains("Energy windows:  1 EM: 140 keV, width 28 keV (20%)", output);
        Assert.Contains("Radionuclide:    I-123 (T½ 13.223 h), Iobenguane I-123, 185 MBq", output);
        Assert.DoesNotContain("SECRET", output);
    }

    // Two heads 180 degrees apart, 60 views each, as a dual-head camera writes SPECT projections.
    private static DicomDataset TwoHeadTomo(int views)
    {
        var frames = 2 * views;
        var ds = new DicomDataset()
            .Set(DicomTags.SOPClassUID, DicomUid.NuclearMedicineImageStorage).Set(DicomTags.SOPInstanceUID, "2.25.77")
            .Set(DicomTags.StudyInstanceUID, "2.25.78").Set(DicomTags.SeriesInstanceUID, "2.25.79").Set(DicomTags.Modality, "NM")
            .Set(DicomTags.PatientID, "PP-TOMO-1").Set(DicomTags.PatientName, "SECRET^PERSON")
            .Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "TOMO", "EMISSION")
            .SetNumbers(DicomTags.NumberOfFrames, frames).SetNumbers(DicomTags.Rows, 2).SetNumbers(DicomTags.Columns, 2)
            .SetNumbers(DicomTags.SamplesPerPixel, 1).Set(DicomTags.PhotometricInterpretation, "MONOCHROME2")
            .SetNumbers(DicomTags.BitsAllocated, 16).SetNumbers(DicomTags.BitsStored, 16).SetNumbers(DicomTags.HighBit, 15).SetNumbers(DicomTags.PixelRepresentation, 0)
            .SetTags(DicomTags.FrameIncrementPointer, DicomTags.EnergyWindowVector, DicomTags.DetectorVector, DicomTags.RotationVector, DicomTags.AngularViewVector)
            .SetNumbers(DicomTags.EnergyWindowVector, Enumerable.Repeat(1.0, frames).ToArray()).SetNumbers(DicomTags.NumberOfEnergyWindows, 1)
            .SetNumbers(DicomTags.DetectorVector, Enumerable.Range(0, frames).Select(f => f < views ? 1.0 : 2.0).ToArray()).SetNumbers(DicomTags.NumberOfDetectors, 2)
            .SetNumbers(DicomTags.RotationVector, Enumerable.Repeat(1.0, frames).ToArray()).SetNumbers(DicomTags.NumberOfRotations, 1)
            .SetNumbers(DicomTags.AngularViewVector, Enumerable.Range(0, frames).Select(f => (double)(f % views + 1)).ToArray())
            .SetSequence(DicomTags.RotationInformationSequence, new DicomDataset().SetNumbers(DicomTags.NumberOfFramesInRotation, views))
            .SetSequence(DicomTags.EnergyWindowInformationSequence, new DicomDataset().Set(DicomTags.EnergyWindowName, "EM")
                .SetSequence(DicomTags.EnergyWindowRangeSequence, new DicomDataset().SetNumbers(DicomTags.EnergyWindowLowerLimit, 126).SetNumbers(DicomTags.EnergyWindowUpperLimit, 154)))
            .SetSequence(DicomTags.RadiopharmaceuticalInformationSequence, new DicomDataset()
                .Set(DicomTags.Radiopharmaceutical, "Iobenguane I-123").SetNumbers(DicomTags.RadionuclideTotalDose, 185)
                .SetSequence(DicomTags.RadionuclideCodeSequence, Code("C-114A4", "SRT", "^123^Iodine")))
            .SetSequence(DicomTags.DetectorInformationSequence,
                new DicomDataset().Set(DicomTags.CollimatorGridName, "LEHR").SetSequence(DicomTags.ViewCodeSequence, Code("G-5215", "SRT", "Anterior projection")),
                new DicomDataset().Set(DicomTags.CollimatorGridName, "LEHR").SetSequence(DicomTags.ViewCodeSequence, Code("G-5216", "SRT", "Posterior projection")));
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[frames * 2 * 2 * 2]);
        return ds;
    }

    private static DicomDataset Code(string value, string scheme, string meaning) =>
        new DicomDataset().Set(DicomTags.CodeValue, value).Set(DicomTags.CodingSchemeDesignator, scheme).Set(DicomTags.CodeMeaning, meaning);

    [Fact]
    public void Missing_path_is_unreadable_input()
    {
        var (code, _, error) = RunCli("info", Path.Combine(folder, "does-not-exist"));
        Assert.Equal(ExitCodes.UnreadableInput, code);
        Assert.Contains("no such file or folder", error);
    }

    [Fact]
    public void Missing_argument_is_a_usage_error()
    {
        Assert.Equal(ExitCodes.Usage, RunCli("info").Code);
    }

    [Fact]
    public void File_that_is_not_dicom_is_unreadable_input()
    {
        var path = Path.Combine(folder, "notes.dcm");
        File.WriteAllText(path, "plain text pretending to be DICOM");
        var (code, output, error) = RunCli("info", path);
        Assert.Equal(ExitCodes.UnreadableInput, code);
        Assert.Equal("", output);
        Assert.Contains("notes.dcm", error);
        Assert.Contains("not recognisable as DICOM", error);
    }

    [Fact]
    public void Folder_where_nothing_can_be_read_is_unreadable_input()
    {
        File.WriteAllText(Path.Combine(folder, "a.txt"), "x");
        var (code, _, error) = RunCli("info", folder);
        Assert.Equal(ExitCodes.UnreadableInput, code);
        Assert.Contains("no study could be read", error);
        Assert.Equal(ExitCodes.UnreadableInput, InfoCommand.Run(Directory.CreateDirectory(Path.Combine(folder, "empty")).FullName, false, TextWriter.Null, TextWriter.Null));
    }

    private static int CountLines(string text, string prefix) =>
        text.Split('\n').Count(l => l.TrimStart().StartsWith(prefix, StringComparison.Ordinal));
}
