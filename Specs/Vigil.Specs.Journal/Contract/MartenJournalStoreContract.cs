using Vigil.Specs.Journal.Support;

namespace Vigil.Specs.Journal.Contract;

/// <summary>The contract through Marten's own append pipeline (a session per batch).</summary>
public sealed class MartenJournalStoreContract(MartenDatabaseFixture db) : MartenJournalStoreContractBase(db, copyThreshold: 0);
