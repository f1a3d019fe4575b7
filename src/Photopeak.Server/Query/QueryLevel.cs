namespace Photopeak.Server.Query;

/// <summary>The levels of the Study Root information model, top down.</summary>
public enum QueryLevel
{
    /// <summary>STUDY (patient attributes are study attributes at study root).</summary>
    Study,
    /// <summary>SERIES.</summary>
    Series,
    /// <summary>IMAGE (composite object instance).</summary>
    Image,
}
