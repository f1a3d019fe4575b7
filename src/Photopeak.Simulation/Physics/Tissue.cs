namespace Photopeak.Simulation.Physics;

/// <summary>Attenuating materials of the phantom.</summary>
public enum Tissue : byte { Air = 0, SoftTissue = 1, Lung = 2, Bone = 3 }
