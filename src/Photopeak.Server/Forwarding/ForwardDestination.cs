namespace Photopeak.Server.Forwarding;

/// <summary>A node results are sent to by C-STORE: its AE title, host and port, written AE@host:port.</summary>
public sealed record ForwardDestination(string AETitle, string Host, int Port)
{
    /// <summary>Reads AE@host:port; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static ForwardDestination Parse(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var colon = text.LastIndexOf(':');
        if (at <= 0 || colon <= at + 1 || colon == text.Length - 1) throw new FormatException($"'{text}' is not AE@host:port");
        var ae = text[..at];
        if (ae.Length > 16 || ae.Any(c => c is '\\' || char.IsControl(c))) throw new FormatException($"'{ae}' is not an AE title (1 to 16 characters)");
        if (!int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new FormatException($"'{text[(colon + 1)..]}' is not a port (1 to 65535)");
        return new ForwardDestination(ae, text[(at + 1)..colon].Trim('[', ']'), port);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{AETitle}@{Host}:{Port}";
}
