namespace Photopeak.Simulation.Physics;

/// <summary>A DICOM code triplet (Code Value, Coding Scheme Designator, Code Meaning).</summary>
public sealed record CodedConcept(string Value, string Scheme, string Meaning);
