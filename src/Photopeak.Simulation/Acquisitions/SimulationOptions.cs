using Photopeak.Simulation.Phantoms;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>Everything a simulation can be asked for; null means the kind's physically plausible default.
/// Reduced = coarse phantom (8 mm), small matrices and few views/frames for fast tests.</summary>
public sealed record SimulationOptions
{
    public long Seed { get; init; } = 1;
    public bool Reduced { get; init; }
    public string? Collimator { get; init; }
    public double? AdministeredMBq { get; init; }
    public int? Matrix { get; init; }
    public double? FrameSeconds { get; init; }
    public double? EarlyMinutes { get; init; }
    public double? LateHours { get; init; }
    public double? LvefPercent { get; init; }
    public double? EdvMl { get; init; }
    /// <summary>first-pass: RV ejection fraction, % (default 50); the RV end-diastolic volume follows from the LV stroke volume.</summary>
    public double? RvefPercent { get; init; }
    /// <summary>first-pass: the bolus reaches the heart in two equal parts 2.5 s apart (a poor injection), instead of one.</summary>
    public bool FragmentedBolus { get; init; }
    /// <summary>mpi-planar: a first pass (RAO 20°, 40 ms frames, 25 s) acquired during the stress injection, as one-day
    /// protocols do to add first-pass function to the perfusion study.</summary>
    public bool FirstPassAtStress { get; init; }
    /// <summary>mpi-planar: the LV cavity at stress is this many times its rest volume (transient ischaemic dilation;
    /// 1 = same size).</summary>
    public double? StressDilation { get; init; }
    /// <summary>mpi-planar with Tl-201: lung concentration at stress relative to soft tissue (default 0.3, a normal lung/heart
    /// ratio); higher values make the increased lung uptake of exercise-induced LV dysfunction.</summary>
    public double? StressLungUptake { get; init; }
    /// <summary>A woman (Patient's Sex F, 65 kg): breasts on the chest (<see cref="Phantoms.Breasts"/>), sized by the seed.</summary>
    public bool Female { get; init; }
    /// <summary>mibg-planar/mibg-spect: end-diastolic LV wall thickness, mm (default 9).</summary>
    public double? HeartWallMm { get; init; }
    /// <summary>mibg-planar/mibg-spect: LV long axis, base to apex, patient LPS (default <see cref="HeartModel.LongAxis"/>).</summary>
    public System.Numerics.Vector3? HeartLongAxis { get; init; }
    /// <summary>mibg-planar: planar pixel spacing, mm (default 512 mm / matrix).</summary>
    public double? PixelMm { get; init; }
    public double? HeartRateBpm { get; init; }
    public double? HmEarly { get; init; }
    public double? HmLate { get; init; }
    /// <summary>Myocardial defect: AHA segment → residual uptake fraction (stress-only unless FixedDefect).</summary>
    public IReadOnlyDictionary<int, double>? MyocardialDefect { get; init; }
    public bool FixedDefect { get; init; }
    public IReadOnlyList<LungDefect>? LungDefects { get; init; }
    public bool Ventilation { get; init; }
    /// <summary>lung-perfusion: ventilation defects (segment → residual ventilation); the same segment as a perfusion defect makes it matched.</summary>
    public IReadOnlyList<LungDefect>? VentilationDefects { get; init; }
    /// <summary>lung-perfusion: right-to-left shunt, % of MAA particles that bypass the lungs and lodge in systemic capillary beds in
    /// proportion to cardiac output. Set (0 included), it switches to the whole-body phantom and adds a WHOLE BODY ANT/POST scan.</summary>
    public double? ShuntPercent { get; init; }
    /// <summary>lung-perfusion: unbound (free) pertechnetate, % of the administered activity (default 3); a value switches to the whole-body
    /// phantom and scan like <see cref="ShuntPercent"/>, with thyroid, stomach and bladder uptake and none in the brain.</summary>
    public double? FreePertechnetatePercent { get; init; }
    public double? RightLungPercent { get; init; }
    public double? CountsPerView { get; init; }
    public int? Views { get; init; }
    /// <summary>Gated frames per R-R interval (gated-blood-pool; mpi-planar's gated views); at least 2, a cycle to bin. Fewer
    /// than a clinical 8 stay allowed, for the analysis's refusal of them to be tested.</summary>
    public int? GatedFrames
    {
        get;
        init => field = value is null or >= 2 ? value
            : throw new ArgumentOutOfRangeException(nameof(GatedFrames), value, "a gated cycle needs at least 2 frames");
    }
    /// <summary>mpi-planar with <see cref="GatedFrames"/>: the stress views acquired gated, one after another (LAO45, ANT, LLAT);
    /// the LAO 45 alone by default.</summary>
    public IReadOnlyList<string>? GatedViews { get; init; }
    /// <summary>gated-blood-pool: share of accepted beats (%) that are premature, 25 % shorter than the nominal R-R interval
    /// (default 0). With forward gating they never reach the last quarter of the frames, which collect fewer counts.
    /// first-pass (and mpi-planar's): one premature beat in every 100 / this beats, at 75 % of the R-R interval and followed by
    /// a compensatory pause of 125 %.</summary>
    public double? IrregularBeatsPercent { get; init; }
    /// <summary>gated-blood-pool: delay of the LV's lateral half behind its septal half, % of the R-R interval (default 0):
    /// LV dyssynchrony.</summary>
    public double? LateralDelayPercent { get; init; }
    /// <summary>gated-blood-pool, first-pass and mpi-planar: one LV wall moving abnormally (hypokinetic, akinetic or dyskinetic), a
    /// 120° wedge base to apex; none by default.</summary>
    public RegionalWallMotion? AbnormalWall { get; init; }
    /// <summary>gated-blood-pool, first-pass and mpi-planar's gated frames: the share of the LV's long-axis shortening that the
    /// base (AV plane) carries towards the apex (<see cref="HeartModel.BaseDescent"/>; 0 keeps the base still). Default 1 for
    /// mpi-planar's gated frames (<see cref="MpiPlanarStudy.DefaultBaseDescent"/>), 0 for gated-blood-pool and first-pass
    /// (mpi-planar's first pass too), whose engines are not yet calibrated on a descending base.</summary>
    public double? BaseDescent { get; init; }
    public int? BedPositions { get; init; }
    /// <summary>tumour-spect: the areas imaged, a bed each (instead of <see cref="BedPositions"/> beds 300 mm apart from the
    /// chest down); knees switch to the whole-body phantom.</summary>
    public IReadOnlyList<TumourArea>? Areas { get; init; }
    /// <summary>tumour-spect: a low-dose CT with the SPECT (SPECT/CT), written as CT Image Storage under ct/.</summary>
    public bool WithCt { get; init; }
    /// <summary>nema-iec: sphere-to-background concentration ratio (default 4; NEMA also uses 8).</summary>
    public double? SphereToBackground { get; init; }
    /// <summary>tumour-spect: imaging days (default 1); each later day repeats every bed 24 h after the one before.</summary>
    public int? ImagingDays { get; init; }
    public IReadOnlyList<SphericalLesion>? Lesions { get; init; }
    public bool BodyContour { get; init; } = true;
    public double? ScanArcDeg { get; init; }
    public int? Detectors { get; init; }
    /// <summary>cylinder-spect, nema-iec: the radionuclide in the phantom ("I-123", "Tc-99m", "In-111", "Ga-67", "Tl-201"); tumour-spect:
    /// "I-123" (mIBG, default), "In-111" (pentetreotide), "Ga-67" (citrate) or "Tc-99m" (sestamibi); mpi-planar: "Tc-99m"
    /// (sestamibi rest/stress, default) or "Tl-201" (stress/redistribution).</summary>
    public string? Nuclide { get; init; }
    /// <summary>When false, the expected counts are rounded instead of Poisson-sampled (for physics tests).</summary>
    public bool Noise { get; init; } = true;
    public DateTime StudyStart { get; init; } = new(2026, 3, 2, 8, 30, 0, DateTimeKind.Unspecified);

    public double VoxelMm => Reduced ? 8 : 4;
    /// <summary>Matrix size of planar images: default 128 (64 reduced).</summary>
    public int PlanarMatrix => Matrix ?? (Reduced ? 64 : 128);
}
