namespace Photopeak.Simulation.Phantoms;

/// <summary>A perfusion (or ventilation) defect in a named lung segment: the remaining fraction of normal uptake.</summary>
public sealed record LungDefect(string SegmentCode, double ResidualUptake = 0.0);
