namespace Photopeak.Reporting.Model;

/// <summary>An attempt to change, re-sign or render a tampered signed report.</summary>
public sealed class ReportSignedException(string message) : Exception(message);
