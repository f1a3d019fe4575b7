using System.Globalization;
using System.Numerics;
using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using static Photopeak.Simulation.Output.StudyModules;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Simulation.Physics;

namespace Photopeak.Simulation.Output;

/// <summary>Writes an <see cref="NmSeries"/> as an NM Image Storage instance (PS3.3 A.5: NM Image IOD) in explicit VR
/// little endian, with the NM Multi-frame, Isotope, Detector and, as the type needs, TOMO, Multi-gated and Phase modules.</summary>
public static class NmDicomWriter
{
    /// <summary>Builds the dataset (without writing it).</summary>
    public static DicomDataset Build(StudyInfo study, NmSeries s)
    {
        var ds = new DicomDataset();
        var seriesUid = DeterministicUid.For(study.Seed, $"{study.StudyDescription}/series/{s.SeriesNumber}");
        var instanceUid = DeterministicUid.For(study.Seed, $"{study.StudyDescription}/instance/{s.SeriesNumber}");
        var typeText = s.Type switch { NmImageType.Static => "STATIC", NmImageType.Dynamic => "DYNAMIC", NmImageType.Gated => "GATED", NmImageType.WholeBody => "WHOLE BODY", _ => "TOMO" };

        // SOP Common
        ds.Set(DicomTags.SpecificCharacterSet, "ISO_IR 100");
        ds.Set(DicomTags.SOPClassUID, DicomUid.NuclearMedicineImageStorage);
        ds.Set(DicomTags.SOPInstanceUID, instanceUid);
        // Patient (fictitious), General Study, Patient Study, Frame of Reference
        StudyModules.Write(ds, study);
        ds.SetNumbers(DicomTags.PatientSize, study.PatientHeightM);
        // General Series
        ds.Set(DicomTags.Modality, "NM");
        ds.Set(DicomTags.SeriesInstanceUID, seriesUid);
        ds.SetNumbers(DicomTags.SeriesNumber, s.SeriesNumber);
        ds.Set(DicomTags.SeriesDescription, s.SeriesDescription);
        ds.Set(DicomTags.Laterality, Array.Empty<string>());
        ds.Set(DicomTags.SeriesDate, Date(s.AcquisitionStart));
        ds.Set(DicomTags.SeriesTime, Time(s.AcquisitionStart));
        // NM/PET Patient Orientation: recumbent, supine, head first (SNOMED-RT, CID 19/20/21).
        ds.SetSequence(DicomTags.PatientOrientationCodeSequence,
            Code(new("F-10450", "SRT", "recumbent")).SetSequence(DicomTags.PatientOrientationModifierCodeSequence, Code(new("F-10340", "SRT", "supine"))));
        ds.SetSequence(DicomTags.PatientGantryRelationshipCodeSequence, Code(new("F-10470", "SRT", "headfirst")));
        // General Equipment
        ds.Set(DicomTags.Manufacturer, s.Camera.Manufacturer);
        ds.Set(DicomTags.InstitutionName, "Photopeak Simulation");
        ds.Set(DicomTags.StationName, "PHOTOPEAK-SIM");
        ds.Set(DicomTags.ManufacturerModelName, s.Camera.ModelName);
        ds.Set(DicomTags.SoftwareVersions, DicomUid.ImplementationVersionName);
        // General Image, NM Image
        ds.Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY", typeText, "EMISSION");
        ds.SetNumbers(DicomTags.InstanceNumber, 1);
        ds.Set(DicomTags.ContentDate, Date(s.AcquisitionStart));
        ds.Set(DicomTags.ContentTime, Time(s.AcquisitionStart));
        ds.Set(DicomTags.AcquisitionDate, Date(s.AcquisitionStart));
        ds.Set(DicomTags.AcquisitionTime, Time(s.AcquisitionStart));
        ds.Set(DicomTags.LossyImageCompression, "00");
        long counts = 0;
        foreach (var f in s.Frames) foreach (var v in f) counts += v;
        ds.SetNumbers(DicomTags.CountsAccumulated, counts);
        if (s.Type is NmImageType.Static or NmImageType.WholeBody) ds.SetNumbers(DicomTags.ActualFrameDuration, Math.Round(s.FrameDurationMs));
        if (s.WholeBody is { } wb)
        {
            // Type 2C when Image Type value 3 is WHOLE BODY (PS3.3 C.8.4.9).
            ds.SetNumbers(DicomTags.ScanVelocity, Math.Round(wb.ScanVelocityMmPerS, 3));
            ds.Set(DicomTags.WholeBodyTechnique, wb.Technique);
            ds.SetNumbers(DicomTags.ScanLength, DicomVR.IS, Math.Round(wb.ScanLengthMm));
        }
        ds.Set(DicomTags.AcquisitionTerminationCondition, "TIME");
        ds.SetNumbers(DicomTags.PixelSpacing, s.PixelMm, s.PixelMm);
        if (s.Type == NmImageType.Tomo) ds.SetNumbers(DicomTags.SpacingBetweenSlices, s.PixelMm);
        // Acquisition Context (type 2, empty)
        ds.SetSequence(DicomTags.AcquisitionContextSequence);
        // Image Pixel / NM Image Pixel
        StudyModules.WriteImagePixel16(ds, s.Rows, s.Columns);
        // Multi-frame / NM Multi-frame
        WriteFrameVectors(ds, s);
        // NM Isotope
        WriteIsotope(ds, s);
        // NM Detector
        WriteDetectors(ds, s);
        if (s.Rotation is { } rot) WriteRotation(ds, s, rot);
        if (s.Gating is { } gate) WriteGating(ds, gate);
        if (s.Phase is { } phase) WritePhase(ds, phase);

        var pixels = new byte[s.Frames.Length * s.Rows * s.Columns * 2];
        var o = 0;
        foreach (var frame in s.Frames)
        {
            if (frame.Length != s.Rows * s.Columns)
                throw new ArgumentException($"{s.FileName}: a frame holds {frame.Length} pixels, expected {s.Rows}×{s.Columns}");
            foreach (var v in frame) { pixels[o++] = (byte)v; pixels[o++] = (byte)(v >> 8); }
        }
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        return ds;
    }

    /// <summary>Writes the series into a directory; returns the file path.</summary>
    public static string Write(string directory, StudyInfo study, NmSeries s)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, s.FileName);
        using var stream = File.Create(path);
        DicomWriter.Write(stream, Build(study, s), TransferSyntax.ExplicitVRLittleEndian);
        return path;
    }

    private static void WriteFrameVectors(DicomDataset ds, NmSeries s)
    {
        var v = s.Vectors;
        var n = s.Frames.Length;
        ds.SetNumbers(DicomTags.NumberOfFrames, DicomVR.IS, n);
        var pointers = new List<DicomTag> { DicomTags.EnergyWindowVector, DicomTags.DetectorVector };
        void Vector(DicomTag tag, int[] values, DicomTag countTag, int count)
        {
            if (values.Length != n) throw new ArgumentException($"{s.FileName}: {tag} has {values.Length} values for {n} frames");
            ds.SetNumbers(tag, DicomVR.US, values.Select(x => (double)x).ToArray());
            ds.SetNumbers(countTag, DicomVR.US, count);
        }
        Vector(DicomTags.EnergyWindowVector, v.EnergyWindow, DicomTags.NumberOfEnergyWindows, s.Camera.Windows.Count);
        Vector(DicomTags.DetectorVector, v.Detector, DicomTags.NumberOfDetectors, s.Detectors.Count);
        switch (s.Type)
        {
            case NmImageType.Dynamic:
                Vector(DicomTags.PhaseVector, v.Phase!, DicomTags.NumberOfPhases, v.Phase!.Max());
                ds.SetNumbers(DicomTags.TimeSliceVector, DicomVR.US, v.TimeSlice!.Select(x => (double)x).ToArray());
                pointers.Add(DicomTags.PhaseVector); pointers.Add(DicomTags.TimeSliceVector);
                break;
            case NmImageType.Gated:
                Vector(DicomTags.RRIntervalVector, v.RrInterval!, DicomTags.NumberOfRRIntervals, v.RrInterval!.Max());
                Vector(DicomTags.TimeSlotVector, v.TimeSlot!, DicomTags.NumberOfTimeSlots, v.TimeSlot!.Max());
                pointers.Add(DicomTags.RRIntervalVector); pointers.Add(DicomTags.TimeSlotVector);
                break;
            case NmImageType.Tomo:
                Vector(DicomTags.RotationVector, v.Rotation!, DicomTags.NumberOfRotations, v.Rotation!.Max());
                ds.SetNumbers(DicomTags.AngularViewVector, DicomVR.US, v.AngularView!.Select(x => (double)x).ToArray());
                pointers.Add(DicomTags.RotationVector); pointers.Add(DicomTags.AngularViewVector);
                break;
        }
        ds.SetTags(DicomTags.FrameIncrementPointer, [.. pointers]);
    }

    private static void WriteIsotope(DicomDataset ds, NmSeries s)
    {
        var windows = s.Camera.Windows.Select(w =>
        {
            var item = new DicomDataset();
            item.SetSequence(DicomTags.EnergyWindowRangeSequence, new DicomDataset()
                .SetNumbers(DicomTags.EnergyWindowLowerLimit, Math.Round(w.LowerKeV, 2))
                .SetNumbers(DicomTags.EnergyWindowUpperLimit, Math.Round(w.UpperKeV, 2)));
            if (w.Name is { } name) item.Set(DicomTags.EnergyWindowName, name);
            return item;
        }).ToArray();
        ds.SetSequence(DicomTags.EnergyWindowInformationSequence, windows);

        var nuclide = s.Tracer.Nuclide;
        var rp = new DicomDataset();
        rp.SetSequence(DicomTags.RadionuclideCodeSequence, Code(nuclide.Code));
        rp.Set(DicomTags.RadiopharmaceuticalRoute, "Intravenous route");
        rp.Set(DicomTags.RadiopharmaceuticalStartTime, Time(s.InjectionTime));
        rp.Set(DicomTags.RadiopharmaceuticalStartDateTime, Date(s.InjectionTime) + Time(s.InjectionTime));
        // Radionuclide Total Dose is in MBq in the NM Isotope module (PS3.3 C.8.4.10.1.7).
        rp.SetNumbers(DicomTags.RadionuclideTotalDose, Math.Round(s.AdministeredMBq, 3));
        rp.SetNumbers(DicomTags.RadionuclideHalfLife, Math.Round(nuclide.HalfLifeHours * 3600, 1));
        rp.Set(DicomTags.Radiopharmaceutical, s.Tracer.Name);
        if (s.Tracer.Code is { } code) rp.SetSequence(DicomTags.RadiopharmaceuticalCodeSequence, Code(code));
        ds.SetSequence(DicomTags.RadiopharmaceuticalInformationSequence, rp);
    }

    private static void WriteDetectors(DicomDataset ds, NmSeries s)
    {
        var items = new List<DicomDataset>();
        foreach (var d in s.Detectors)
        {
            var g = d.Geometry;
            var item = new DicomDataset();
            item.Set(DicomTags.CollimatorGridName, s.Camera.Collimator.Name);
            item.Set(DicomTags.CollimatorType, "PARA");
            item.Set(DicomTags.FieldOfViewShape, "RECTANGLE");
            item.SetNumbers(DicomTags.FieldOfViewDimensions, DicomVR.IS, 533, 387);
            item.SetNumbers(DicomTags.ZoomFactor, Math.Round(533.0 / (g.Columns * g.PixelMm), 4), Math.Round(533.0 / (g.Columns * g.PixelMm), 4));
            item.SetNumbers(DicomTags.CenterOfRotationOffset, 0);
            item.SetNumbers(DicomTags.StartAngle, Math.Round(g.AngleDeg, 3));
            item.SetNumbers(DicomTags.RadialPosition, Math.Round(g.RadiusMm, 1));
            var eu = g.ColumnDirection;
            item.SetNumbers(DicomTags.ImageOrientationPatient, R(eu.X), R(eu.Y), R(eu.Z), 0, 0, -1);
            var tl = g.PixelCentre(0, 0);
            item.SetNumbers(DicomTags.ImagePositionPatient, R(tl.X), R(tl.Y), R(tl.Z));
            var view = Code(d.ViewCode);
            view.SetSequence(DicomTags.ViewModifierCodeSequence);
            item.SetSequence(DicomTags.ViewCodeSequence, view);
            items.Add(item);
        }
        ds.SetSequence(DicomTags.DetectorInformationSequence, [.. items]);
    }

    private static void WriteRotation(DicomDataset ds, NmSeries s, RotationInfo rot)
    {
        var item = new DicomDataset();
        item.SetNumbers(DicomTags.StartAngle, rot.StartAngleDeg);
        item.SetNumbers(DicomTags.AngularStep, rot.AngularStepDeg);
        item.Set(DicomTags.RotationDirection, rot.Direction.ToDicom());
        item.SetNumbers(DicomTags.ScanArc, rot.ScanArcDeg);
        item.SetNumbers(DicomTags.ActualFrameDuration, Math.Round(rot.FrameDurationMs));
        item.SetNumbers(DicomTags.RadialPosition, rot.RadialPositionsMm.Select(r => Math.Round(r, 1)).ToArray());
        item.SetNumbers(DicomTags.NumberOfFramesInRotation, rot.ViewsPerDetector);
        item.SetNumbers(DicomTags.TableTraverse, Math.Round(s.BedOffsetMm, 1));
        ds.SetSequence(DicomTags.RotationInformationSequence, item);
        ds.Set(DicomTags.TypeOfDetectorMotion, "STEP AND SHOOT");
    }

    private static void WriteGating(DicomDataset ds, GatingInfo g)
    {
        ds.Set(DicomTags.BeatRejectionFlag, "Y");
        ds.SetNumbers(DicomTags.HeartRate, Math.Round(g.HeartRateBpm));
        var frameMs = g.NominalIntervalMs / g.FramesPerCycle;
        var slots = Enumerable.Range(0, g.FramesPerCycle).Select(i => new DicomDataset().SetNumbers(DicomTags.TimeSlotTime, Math.Round((i + 0.5) * frameMs, 2))).ToArray();
        var data = new DicomDataset()
            .SetNumbers(DicomTags.FrameTime, Math.Round(frameMs, 3))
            .SetNumbers(DicomTags.NominalInterval, Math.Round(g.NominalIntervalMs))
            .SetNumbers(DicomTags.LowRRValue, Math.Round(g.NominalIntervalMs * 0.9))
            .SetNumbers(DicomTags.HighRRValue, Math.Round(g.NominalIntervalMs * 1.1))
            .SetNumbers(DicomTags.IntervalsAcquired, g.IntervalsAcquired)
            .SetNumbers(DicomTags.IntervalsRejected, g.IntervalsRejected)
            .SetSequence(DicomTags.TimeSlotInformationSequence, slots);
        ds.SetSequence(DicomTags.GatedInformationSequence, new DicomDataset().SetNumbers(DicomTags.TriggerTime, 0).SetSequence(DicomTags.DataInformationSequence, data));
    }

    private static void WritePhase(DicomDataset ds, PhaseInfo p)
    {
        ds.SetSequence(DicomTags.PhaseInformationSequence, new DicomDataset()
            .SetNumbers(DicomTags.PhaseDelay, Math.Round(p.DelayMs))
            .SetNumbers(DicomTags.ActualFrameDuration, Math.Round(p.FrameDurationMs))
            .SetNumbers(DicomTags.PauseBetweenFrames, 0)
            .SetNumbers(DicomTags.NumberOfFramesInPhase, p.Frames));
    }

    private static DicomDataset Code(CodedConcept c) => new DicomDataset()
        .Set(DicomTags.CodeValue, c.Value).Set(DicomTags.CodingSchemeDesignator, c.Scheme).Set(DicomTags.CodeMeaning, c.Meaning);

    private static double R(double v) => Math.Round(v, 6) == 0 ? 0 : Math.Round(v, 6);
}
