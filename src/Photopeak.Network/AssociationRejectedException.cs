using Photopeak.Network.UpperLayer;

namespace Photopeak.Network;

/// <summary>The called node answered the association request with A-ASSOCIATE-RJ (PS3.8 9.3.4).</summary>
public sealed class AssociationRejectedException(AssociateRejectPdu reject)
    : Exception($"association rejected ({reject.Result.ToString().ToLowerInvariant()}, {reject.Source}): {AssociateRejectReason.Describe(reject.Source, reject.Reason)}")
{
    /// <summary>The rejection as received.</summary>
    public AssociateRejectPdu Reject { get; } = reject;
}
