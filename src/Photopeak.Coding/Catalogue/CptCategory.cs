namespace Photopeak.Coding.Catalogue;

/// <summary>CPT code category: Category I (established service) or Category III (emerging technology, temporary code).</summary>
public enum CptCategory
{
    CategoryI,
    CategoryIII,
}
