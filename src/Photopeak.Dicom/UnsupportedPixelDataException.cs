namespace Photopeak.Dicom;

/// <summary>Pixel data that are well-formed but in a layout Photopeak does not decode (for example 12-bit packed ACR-NEMA pixels).</summary>
public sealed class UnsupportedPixelDataException(string message) : Exception(message);
