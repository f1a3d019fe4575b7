using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Physics;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>What a test object (calibration cylinder, NEMA IEC phantom) is filled with for a nuclide, and the collimator a
/// site images that nuclide with: a calibration is made on the patient protocol's nuclide, collimator and windows.</summary>
public static class PhantomFilling
{
    public static (Radiopharmaceutical Tracer, Collimator Collimator) For(Emitter nuclide) =>
        nuclide == Emitter.Tc99m ? (Radiopharmaceutical.Tc99mPertechnetate, Collimator.Lehr)
        : nuclide == Emitter.In111 ? (Radiopharmaceutical.In111Chloride, Collimator.Me)
        : nuclide == Emitter.Ga67 ? (Radiopharmaceutical.Ga67Citrate, Collimator.Me)
        : nuclide == Emitter.Tl201 ? (Radiopharmaceutical.Tl201Chloride, Collimator.Lehr)
        : nuclide == Emitter.I123 ? (Radiopharmaceutical.I123Mibg, Collimator.Me)
        : throw new ArgumentException($"no phantom filling for {nuclide.Name}");
}
