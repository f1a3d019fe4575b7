using System.Numerics;

namespace Photopeak.Simulation.Phantoms;

/// <summary>One organ's shape with an optional regional uptake factor (1 = normal; a defect lowers it).</summary>
public sealed record OrganPart(Organ Organ, Shape Shape, Func<Vector3, float>? Uptake = null);
