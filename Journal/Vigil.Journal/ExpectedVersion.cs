namespace Vigil.Journal;

/// <summary>Optimistic concurrency expectations for <see cref="IJournalStore.AppendAsync"/>.</summary>
public static class ExpectedVersion
{
    /// <summary>No check.</summary>
    public const long Any = -1;

    /// <summary>The stream must not exist yet.</summary>
    public const long NoStream = 0;
}
