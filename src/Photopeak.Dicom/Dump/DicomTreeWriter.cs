using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Photopeak.Dicom.Text;

namespace Photopeak.Dicom.Dump;

/// <summary>
/// Prints a readable tree of a DICOM file, one line per element: <c>(gggg,eeee) VR Keyword  value</c>, sequences and
/// items indented with item numbers, bulk data as <c>&lt;N bytes&gt;</c>, encapsulated pixel data as its fragments;
/// the file meta information and transfer syntax at the top and the reader's warnings at the bottom.
/// </summary>
public sealed class DicomTreeWriter(TextWriter output, DicomDumpOptions? options = null)
{
    private const string Indent = "  ";
    private readonly DicomDumpOptions options = options ?? DicomDumpOptions.Default;
    private readonly StringBuilder line = new(160);

    /// <summary>Prints a whole file: header, file meta, data set, warnings.</summary>
    public void WriteFile(DicomFile file)
    {
        output.Write("# File: ");
        output.WriteLine(file.SourcePath ?? "(in memory)");
        output.Write("# Transfer syntax: ");
        output.Write(file.TransferSyntax.Name);
        output.Write(" (");
        output.Write(file.TransferSyntax.Uid);
        output.WriteLine(")");
        output.WriteLine(file.HasPreamble ? "# Preamble: 128 bytes + DICM" : "# Preamble: none");
        if (file.FileMetaInformation.Count > 0)
        {
            output.WriteLine("# File meta information");
            WriteElements(file.FileMetaInformation, 0);
        }
        else
        {
            output.WriteLine("# File meta information: none");
        }
        output.WriteLine("# Data set");
        WriteElements(file.Dataset, 0);
        WriteWarnings(file.Warnings);
    }

    /// <summary>Prints what a failed read left (<see cref="DicomFormatException.PartialDataset"/>); the caller reports the error.</summary>
    public void WritePartial(string source, DicomDataset? partial)
    {
        output.Write("# File: ");
        output.WriteLine(source);
        output.WriteLine("# Data set (incomplete: reading stopped at an error)");
        if (partial is not null) WriteElements(partial, 0);
    }

    /// <summary>Prints the elements of a data set at a nesting depth.</summary>
    public void WriteElements(DicomDataset dataset, int depth)
    {
        foreach (var e in dataset) WriteElement(dataset, e, depth);
    }

    private void WriteWarnings(IReadOnlyList<string> warnings)
    {
        if (warnings.Count == 0) return;
        output.Write("# Warnings (");
        output.Write(warnings.Count.ToString(CultureInfo.InvariantCulture));
        output.WriteLine(")");
        foreach (var w in warnings)
        {
            output.Write("#   ");
            output.WriteLine(w);
        }
    }

    private void WriteElement(DicomDataset ds, DicomElement e, int depth)
    {
        line.Clear();
        for (var i = 0; i < depth; i++) line.Append(Indent);
        AppendTag(line, e.Tag);
        line.Append(' ').Append(e.VR.Name).Append(' ').Append(KeywordOf(e.Tag)).Append("  ");
        if (e.Items is { } items)
        {
            line.Append(items.Count).Append(items.Count == 1 ? " item" : " items");
            output.WriteLine(line);
            for (var i = 0; i < items.Count; i++)
            {
                line.Clear();
                for (var d = 0; d <= depth; d++) line.Append(Indent);
                line.Append("Item ").Append(i + 1);
                output.WriteLine(line);
                WriteElements(items[i], depth + 2);
            }
            return;
        }
        if (e.Fragments is { } f)
        {
            line.Append("encapsulated, ").Append(f.Count).Append(f.Count == 1 ? " fragment" : " fragments");
            output.WriteLine(line);
            line.Clear();
            for (var d = 0; d <= depth; d++) line.Append(Indent);
            line.Append("Offset table  <").Append(f.BasicOffsetTable.Length).Append(" bytes>");
            if (f.BasicOffsetTable.Length >= 4) line.Append(", ").Append(f.BasicOffsetTable.Length / 4).Append(" offsets");
            output.WriteLine(line);
            for (var i = 0; i < f.Count; i++)
            {
                line.Clear();
                for (var d = 0; d <= depth; d++) line.Append(Indent);
                line.Append("Fragment ").Append(i + 1).Append("  <").Append(f.Items[i].Length).Append(" bytes>");
                output.WriteLine(line);
            }
            return;
        }
        AppendValue(ds, e);
        output.WriteLine(line);
    }

    private static string KeywordOf(DicomTag tag) =>
        DicomDictionary.Lookup(tag)?.Keyword ?? (tag.IsPrivate ? "PrivateTag" : "UnknownTag");

    private static void AppendTag(StringBuilder sb, DicomTag tag)
    {
        sb.Append('(');
        AppendHex4(sb, tag.Group);
        sb.Append(',');
        AppendHex4(sb, tag.Element);
        sb.Append(')');
    }

    private static void AppendHex4(StringBuilder sb, ushort v)
    {
        const string digits = "0123456789ABCDEF";
        sb.Append(digits[v >> 12]).Append(digits[(v >> 8) & 0xF]).Append(digits[(v >> 4) & 0xF]).Append(digits[v & 0xF]);
    }

    private void AppendValue(DicomDataset ds, DicomElement e)
    {
        var vr = e.VR;
        var span = e.Value.Span;
        if (span.Length == 0) { line.Append("(empty)"); return; }
        if (vr.IsBulk) { line.Append('<').Append(span.Length).Append(" bytes>"); return; }
        if (!options.ShowPatientIdentity && IsPatientIdentity(e.Tag, vr))
        {
            line.Append("<masked, ").Append(span.Length).Append(" bytes>");
            return;
        }
        if (vr.IsString)
        {
            AppendText(ds, e);
            return;
        }
        var unit = vr == DicomVR.AT ? 4 : vr.SwapUnit;
        var count = unit > 1 ? span.Length / unit : 0;
        if (count == 0) { line.Append('<').Append(span.Length).Append(" bytes>"); return; }
        var shown = Math.Min(count, options.MaxBinaryValues);
        for (var i = 0; i < shown; i++)
        {
            if (i > 0) line.Append('\\');
            var s = span.Slice(i * unit, unit);
            if (vr == DicomVR.US) line.Append(BinaryPrimitives.ReadUInt16LittleEndian(s));
            else if (vr == DicomVR.SS) line.Append(BinaryPrimitives.ReadInt16LittleEndian(s));
            else if (vr == DicomVR.UL) line.Append(BinaryPrimitives.ReadUInt32LittleEndian(s));
            else if (vr == DicomVR.SL) line.Append(BinaryPrimitives.ReadInt32LittleEndian(s));
            else if (vr == DicomVR.SV) line.Append(BinaryPrimitives.ReadInt64LittleEndian(s));
            else if (vr == DicomVR.UV) line.Append(BinaryPrimitives.ReadUInt64LittleEndian(s));
            else if (vr == DicomVR.FL) line.Append(BinaryPrimitives.ReadSingleLittleEndian(s).ToString("R", CultureInfo.InvariantCulture));
            else if (vr == DicomVR.FD) line.Append(BinaryPrimitives.ReadDoubleLittleEndian(s).ToString("R", CultureInfo.InvariantCulture));
            else if (vr == DicomVR.AT) AppendTag(line, new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[2..])));
        }
        if (shown < count) line.Append("\\... (").Append(count).Append(" values)");
    }

    private void AppendText(DicomDataset ds, DicomElement e)
    {
        var vr = e.VR;
        var span = e.Value.Span;
        string text;
        if (!vr.UsesCharacterSet) text = Encoding.Latin1.GetString(span);
        else
        {
            try
            {
                text = ds.CharacterSet.Decode(span, vr);
            }
            catch (UnsupportedCharacterSetException)
            {
                // The tree must still print: show the bytes as Latin-1 and say so.
                text = Encoding.Latin1.GetString(span);
                line.Append("(undecoded) ");
            }
        }
        var trimmed = text.AsSpan().TrimEnd(" \0");
        if (!vr.IsSingleValuedText) trimmed = trimmed.TrimStart(' ');
        if (trimmed.Length == 0) { line.Append("(empty)"); return; }
        var max = options.MaxValueChars;
        var cut = trimmed.Length > max;
        var shown = cut ? trimmed[..max] : trimmed;
        line.Append('[');
        foreach (var c in shown) line.Append(char.IsControl(c) ? '.' : c);
        line.Append(']');
        if (cut) line.Append("... (").Append(trimmed.Length).Append(" chars)");
    }

    // Patient names and birth dates stay off the console (project rule); IDs are fine.
    private static bool IsPatientIdentity(DicomTag tag, DicomVR vr) =>
        tag.Group == 0x0010 && (vr == DicomVR.PN || tag == DicomTags.PatientBirthDate || tag == DicomTags.PatientBirthTime || tag == DicomTags.PatientBirthName);
}
