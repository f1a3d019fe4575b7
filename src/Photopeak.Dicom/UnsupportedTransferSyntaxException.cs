namespace Photopeak.Dicom;

/// <summary>Pixel data were asked for in a compressed transfer syntax this codec does not decode (JPEG, JPEG-LS, JPEG 2000...).</summary>
public sealed class UnsupportedTransferSyntaxException(TransferSyntax syntax, string? source = null)
    : Exception($"{(source is null ? "" : source + ": ")}pixel data in transfer syntax {syntax.Name} ({syntax.Uid}) cannot be decoded by Photopeak; " +
                "convert it first, e.g. with DCMTK: dcmdjpeg / dcmdjpls, or gdcmconv --raw")
{
    public TransferSyntax Syntax { get; } = syntax;
}
