namespace Photopeak.Server.Accounts;

/// <summary>What a user of the web review may do. A technologist sees studies, runs QC and starts or reruns processing; a
/// physician also edits ROIs and report text and signs; an admin manages users and settings and reads the audit trail.</summary>
public enum NodeRole
{
    Technologist,
    Physician,
    Admin,
}

/// <summary>The roles' names as the command line, the database and the API write them.</summary>
public static class NodeRoles
{
    /// <summary>"technologist", "physician" or "admin".</summary>
    public static string Name(NodeRole role) => role switch
    {
        NodeRole.Technologist => "technologist",
        NodeRole.Physician => "physician",
        NodeRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>Every role name, for messages.</summary>
    public static string Names => string.Join(", ", Enum.GetValues<NodeRole>().Select(Name));

    /// <summary>Parses a role name (case-insensitive); throws <see cref="FormatException"/> naming the known ones.</summary>
    public static NodeRole Parse(string? text)
    {
        foreach (var role in Enum.GetValues<NodeRole>())
            if (string.Equals(Name(role), text?.Trim(), StringComparison.OrdinalIgnoreCase)) return role;
        throw new FormatException($"unknown role '{text}' (known: {Names})");
    }
}
