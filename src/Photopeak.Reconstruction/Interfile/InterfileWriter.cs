using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction.Interfile;

/// <summary>
/// Writes volumes and SPECT projections as Interfile 3.3 (header + raw little-endian float32) with the keys STIR's
/// SPECT reader and AMIDE use (STIR examples/samples/SPECT_Interfile_header.hs). Data file: header name with
/// .v (volume) or .s (projections).
/// </summary>
public static class InterfileWriter
{
    /// <summary>Writes a reconstructed volume; returns the data file path.</summary>
    public static string WriteVolume(string headerPath, Volume3D volume)
    {
        string dataPath = Path.ChangeExtension(headerPath, ".v");
        var h = new StringBuilder();
        Common(h, dataPath);
        h.AppendLine("!SPECT STUDY (General) :=");
        h.AppendLine("!process status := Reconstructed");
        h.AppendLine("!number format := float");
        h.AppendLine("!number of bytes per pixel := 4");
        h.AppendLine("number of dimensions := 3");
        Axis(h, 1, "x", volume.SizeX, volume.VoxelSizeXMm);
        Axis(h, 2, "y", volume.SizeY, volume.VoxelSizeYMm);
        Axis(h, 3, "z", volume.SizeZ, volume.VoxelSizeZMm);
        // Origin at the volume centre, as STIR places the axis of rotation.
        h.AppendLine(Invariant($"first pixel offset (mm) [1] := {-(volume.SizeX - 1) / 2.0 * volume.VoxelSizeXMm}"));
        h.AppendLine(Invariant($"first pixel offset (mm) [2] := {-(volume.SizeY - 1) / 2.0 * volume.VoxelSizeYMm}"));
        h.AppendLine("first pixel offset (mm) [3] := 0");
        h.AppendLine("number of time frames := 1");
        h.AppendLine("!END OF INTERFILE :=");
        File.WriteAllText(headerPath, h.ToString());
        WriteFloats(dataPath, volume.Voxels);
        return dataPath;
    }

    /// <summary>Writes projections in STIR's SPECT order (view, axial row, bin); returns the data file path.</summary>
    /// <remarks>Only single-detector-equivalent geometries are fully described by Interfile: two-detector sets are written
    /// as one orbit covering the same arc, which is exact when the second detector continues the first's rotation.</remarks>
    public static string WriteProjections(string headerPath, ProjectionSet projections)
    {
        projections.Validate();
        var g = projections.Geometry;
        string dataPath = Path.ChangeExtension(headerPath, ".s");
        var h = new StringBuilder();
        Common(h, dataPath);
        h.AppendLine("!SPECT STUDY (General) :=");
        h.AppendLine("!number format := float");
        h.AppendLine("!number of bytes per pixel := 4");
        h.AppendLine("number of dimensions := 2");
        h.AppendLine("matrix axis label [2] := axial coordinate");
        h.AppendLine(Invariant($"!matrix size [2] := {g.Rows}"));
        h.AppendLine(Invariant($"!scaling factor (mm/pixel) [2] := {g.SliceSpacingMm}"));
        h.AppendLine("matrix axis label [1] := bin coordinate");
        h.AppendLine(Invariant($"!matrix size [1] := {g.Bins}"));
        h.AppendLine(Invariant($"!scaling factor (mm/pixel) [1] := {g.PixelSpacingMm}"));
        h.AppendLine(Invariant($"!number of projections := {g.NumberOfViews}"));
        h.AppendLine(Invariant($"!extent of rotation := {g.ArcDeg}"));
        h.AppendLine("!process status := acquired");
        h.AppendLine("!SPECT STUDY (acquired data) :=");
        // Start angle and direction as in the DICOM file (PS3.3 C.8.4.12: 0° at the patient's back, CW/CC seen from the feet).
        h.AppendLine($"!direction of rotation := {(g.Direction == RotationDirection.ClockwiseSeenFromFeet ? "CW" : "CCW")}");
        h.AppendLine(Invariant($"start angle := {g.StartAngleDeg}"));
        if (g.RadialPositionsMm is { } radii)
        {
            h.AppendLine("orbit := Non-circular");
            h.AppendLine("Radii := {" + string.Join(",", radii.Select(r => r.ToString("R", CultureInfo.InvariantCulture))) + "}");
        }
        else
        {
            h.AppendLine("orbit := Circular");
            h.AppendLine(Invariant($"Radius := {g.RadiusMm}"));
        }
        // Photopeak keys (ignored by STIR): what Interfile 3.3 cannot say about the geometry.
        h.AppendLine(Invariant($"; photopeak detectors := {g.Detectors}"));
        h.AppendLine(Invariant($"; photopeak centre of rotation offset (mm) := {g.CenterOfRotationOffsetMm}"));
        h.AppendLine("!END OF INTERFILE :=");
        File.WriteAllText(headerPath, h.ToString());
        WriteFloats(dataPath, projections.Counts);
        return dataPath;
    }

    private static void Common(StringBuilder h, string dataPath)
    {
        h.AppendLine("!INTERFILE  :=");
        h.AppendLine("!imaging modality := nucmed");
        h.AppendLine("!version of keys := 3.3");
        h.AppendLine($"name of data file := {Path.GetFileName(dataPath)}");
        h.AppendLine("data offset in bytes := 0");
        h.AppendLine("!GENERAL DATA :=");
        h.AppendLine("!GENERAL IMAGE DATA :=");
        h.AppendLine("!type of data := Tomographic");
        h.AppendLine("imagedata byte order := LITTLEENDIAN");
    }

    private static void Axis(StringBuilder h, int axis, string label, int size, double mm)
    {
        h.AppendLine($"matrix axis label [{axis}] := {label}");
        h.AppendLine(Invariant($"!matrix size [{axis}] := {size}"));
        h.AppendLine(Invariant($"scaling factor (mm/pixel) [{axis}] := {mm}"));
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static void WriteFloats(string path, float[] values)
    {
        using var stream = File.Create(path);
        if (BitConverter.IsLittleEndian) stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        else
        {
            var bytes = new byte[4];
            foreach (var v in values)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes, v);
                stream.Write(bytes);
            }
        }
    }
}
