namespace Photopeak.Coding.Rules;

/// <summary>The performed-study description cannot be coded: it is inconsistent or lacks what the rule needs (named in the message).</summary>
public sealed class CodingException(string message) : Exception(message);
