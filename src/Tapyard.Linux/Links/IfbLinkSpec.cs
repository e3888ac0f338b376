namespace Tapyard.Linux.Links;

/// <summary>An ifb device (no kind data): traffic redirected to it by tc mirred is shaped on its egress.</summary>
public sealed record IfbLinkSpec : LinkSpec
{
    public override string Kind => LinkKinds.Ifb;
}
