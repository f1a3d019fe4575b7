using System.Collections.Concurrent;
using System.Text.Json;
using Photopeak.Dicom.Json;

namespace Photopeak.Dicom.Tests.Conformance;

/// <summary>
/// Our DICOM JSON against DCMTK's dcm2json (3.6.7) for every shared file, element by element, bulk data aside.
/// Every known difference is listed below with its reason; anything else, or a listed difference that no longer
/// occurs, fails the test.
/// </summary>
public class Dcm2JsonConformanceTests
{
    private const string CharsetRewrite =
        "dcm2json transcodes to UTF-8 and rewrites (0008,0005) to ISO_IR 192; we keep the source term (the JSON text is UTF-8 either way)";
    private const string EmptyPersonName =
        "the PN value is '^^^^' (all components empty); dcm2json drops it, we keep the value as written (PS3.5 6.2 allows the delimiters)";

    private const string NulPaddedNumber = "DS padded with NUL: a string with the NUL in dcm2json, a number in ours";

    /// <summary>Files neither Photopeak nor DCMTK can read (truncated or not DICOM): both must refuse them.</summary>
    private static readonly HashSet<string> UnreadableFiles =
    [
        "robustness/dcm4che/3gb-bulk-data-truncated.dcm",
        "robustness/pydicom/MR_truncated.dcm",
        "robustness/pydicom/no_meta.dcm",
        "robustness/pydicom/rtplan_truncated.dcm",
    ];

    /// <summary>(file, JSON path prefix) -> why the two differ. The path "" means dcm2json fails on the whole file.</summary>
    private static readonly Dictionary<(string File, string Path), string> ExpectedDifferences = new()
    {
        [("nm/scintigraphy/thyroid_ant.dcm", "/00080005")] = CharsetRewrite,
        [("robustness/fo-dicom/GH177_D_CLUNIE_CT1_IVRLE_BigEndian_undefined_length.dcm", "/00080005")] = CharsetRewrite,
        [("robustness/fo-dicom/GH179A.dcm", "/00080005")] = CharsetRewrite,
        [("robustness/fo-dicom/GH223.dcm", "/00080005")] = CharsetRewrite,
        [("robustness/fo-dicom/GH487.dcm", "/00080005")] = CharsetRewrite,
        [("robustness/pydicom/ExplVR_BigEndNoMeta.dcm", "/00080005")] = CharsetRewrite,
        [("robustness/pydicom/ExplVR_LitEndNoMeta.dcm", "/00080005")] = CharsetRewrite,
        [("robustness/pydicom/chrX2.dcm", "/00080005")] = CharsetRewrite,
        [("robustness/pydicom/test-SR.dcm", "/00080005")] = CharsetRewrite,
        [("robustness/dicomparser/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm", "/00080005")] = CharsetRewrite,
        [("robustness/dicomparser/CT0012.fragmented_no_bot_jpeg_lossless.70.dcm", "/00080005")] = CharsetRewrite,
        [("robustness/dicomparser/CT0012.not_fragmented_bot_rle.dcm", "/00080005")] = CharsetRewrite,
        [("robustness/fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm", "/00080005")] = CharsetRewrite,
        [("robustness/fo-dicom/GH184.dcm", "/00080005")] = CharsetRewrite,
        // An empty (0008,0005) means the default repertoire; dcm2json fills in ISO_IR 192 after its conversion.
        [("robustness/pydicom/empty_charset_LEI.dcm", "/00080005")] = CharsetRewrite,

        [("robustness/dcm4che/test16signed.dcm", "/00080090")] = EmptyPersonName,
        [("robustness/pydicom/chrX1.dcm", "/00080090")] = EmptyPersonName,
        [("robustness/pydicom/chrX2.dcm", "/00080090")] = EmptyPersonName,
        [("robustness/pydicom/image_dfl.dcm", "/00080090")] = EmptyPersonName,
        [("robustness/pydicom/image_dfl.dcm", "/00100010")] = EmptyPersonName,

        // (0028,0120) has the VR bytes "  ": dcm2json keeps it with no VR and leaves it out of the JSON; we take the
        // dictionary VR as dcmdump's own warning says it does ("assuming 2 byte length field").
        [("robustness/fo-dicom/GH179A.dcm", "/00280120")] = "element with non-standard VR bytes: dcm2json omits it, we keep it with the dictionary VR",
        // These DS values are padded with NUL instead of a space (PS3.5 6.2 pads DS with a space): dcm2json then
        // writes a JSON string holding the NUL, we treat the NUL as padding and write the number.
        [("robustness/fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm", "/00280030")] = NulPaddedNumber,
        [("robustness/fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm", "/00281052")] = NulPaddedNumber,
        [("robustness/fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm", "/00281053")] = NulPaddedNumber,
        // Instance Number "01160501010100" is outside the IS range (PS3.5: -2^31..2^31-1); dcm2json falls back to a
        // JSON string, we keep IS as a JSON Number (PS3.18 F.2.3) with the leading zero removed.
        [("robustness/fo-dicom/GH340.dcm", "/00200013")] = "out-of-range IS: a string in dcm2json, a number in ours",
        // The item declares ISO 2022 IR 13\ISO 2022 IR 87, which governs that item (PS3.3 C.12.1.1.2); dcm2json 3.6.7
        // copies the raw escape sequences and JIS X 0201 bytes into its "UTF-8" output instead of decoding them.
        [("robustness/pydicom/chrSQEncoding.dcm", "/00321064/Value[0]/00100010")] = "dcm2json ignores the character set declared in a sequence item",
        // dcm2json's iconv cannot convert ISO 2022 IR 87 and gives up on the file ("Cannot open character encoding").
        [("robustness/pydicom/chrH31.dcm", "")] = "dcm2json fails: ISO 2022 IR 87 not supported by its iconv",
        // (0040,A170) holds CS text in this SR-trial file where today's dictionary says SQ; DCMTK parses it as a
        // sequence and fails, we keep the bytes (see SharedFileOutcomeTests).
        [("robustness/dcm4che/Tag-0040-A170-VR-CS.dcm", "")] = "dcm2json fails: takes (0040,A170) for a sequence",
        // No preamble, and "DICM" at byte 128 inside Station Name: DCMTK takes it for a preamble and misparses.
        [("robustness/dcm4che/no_preamble_dicm_in_data.dcm", "")] = "dcm2json fails: fooled by DICM at offset 128",
    };

    [Fact]
    public void Every_readable_shared_file_agrees_with_dcm2json_apart_from_listed_differences()
    {
        if (!ExternalTool.Require("dcm2json") || !ExternalTool.Require("dcmodify")) return;
        var files = SharedData.AllFiles().ToList();
        var found = new ConcurrentBag<(string File, string Difference)>();
        var unreadable = new ConcurrentBag<string>();
        var work = Directory.CreateTempSubdirectory("photopeak-dcm2json-");
        try
        {
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, file =>
            {
                DicomFile dicom;
                try
                {
                    dicom = DicomFile.Open(SharedData.PathOf(file));
                }
                catch (DicomFormatException)
                {
                    unreadable.Add(file);
                    return;
                }
                foreach (var d in CompareWithDcm2Json(file, dicom, work.FullName)) found.Add((file, d));
            });
        }
        finally
        {
            work.Delete(recursive: true);
        }

        Assert.Equal(UnreadableFiles.Order(), unreadable.Order());
        var unexpected = found.Where(f => !ExpectedDifferences.Keys.Any(k => k.File == f.File && IsUnder(f.Difference, k.Path)))
            .Select(f => $"{f.File} {f.Difference}").Order().ToList();
        var stale = ExpectedDifferences.Keys.Where(k => !found.Any(f => f.File == k.File && IsUnder(f.Difference, k.Path)))
            .Select(k => $"{k.File} {k.Path}").Order().ToList();
        Assert.True(unexpected.Count == 0, "differences from dcm2json not in the table:\n" + string.Join('\n', unexpected));
        Assert.True(stale.Count == 0, "listed differences that no longer occur (remove them):\n" + string.Join('\n', stale));
    }

    private static bool IsUnder(string difference, string pathPrefix) =>
        pathPrefix.Length == 0 ? difference.StartsWith("dcm2json failed", StringComparison.Ordinal)
            : difference.StartsWith(pathPrefix + ":", StringComparison.Ordinal) || difference.StartsWith(pathPrefix + "/", StringComparison.Ordinal);

    private static IEnumerable<string> CompareWithDcm2Json(string file, DicomFile dicom, string work)
    {
        var input = SharedData.PathOf(file);
        if (dicom.Dataset[DicomTags.PixelData] is { IsEncapsulated: true })
        {
            // dcm2json refuses to write compressed pixel data as InlineBinary; DCMTK itself removes it from a copy.
            var copy = Path.Combine(work, file.Replace('/', '_'));
            File.Copy(input, copy);
            File.SetAttributes(copy, FileAttributes.Normal);
            var strip = ExternalTool.Run("dcmodify", ["-nb", "-ie", "-e", "(7fe0,0010)", copy]);
            if (strip.ExitCode != 0) return [$"dcm2json failed: dcmodify could not remove the pixel data: {strip.StdErr.Trim()}"];
            input = copy;
        }
        var (exit, stdout, stderr) = ExternalTool.Run("dcm2json", ["-fc", input]);
        if (exit != 0) return [$"dcm2json failed (exit {exit}): {stderr.Trim()}"];
        var ours = DicomJsonWriter.ToJson(dicom.Dataset, new DicomJsonOptions { IncludeBulkData = false, Indented = false });
        using var a = JsonDocument.Parse(ours);
        using var b = JsonDocument.Parse(stdout);
        return JsonComparer.Compare(a.RootElement, b.RootElement);
    }
}
