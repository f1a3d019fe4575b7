namespace Photopeak.Server.Store;

/// <summary>An indexed instance: its attributes, where its file lies (relative to the store's root), its size and SHA-256.</summary>
public sealed record StoredInstance(InstanceAttributes Attributes, string TransferSyntaxUid, string RelativePath, long SizeBytes, string Sha256,
    string? CallingAETitle, DateTimeOffset ReceivedUtc);
