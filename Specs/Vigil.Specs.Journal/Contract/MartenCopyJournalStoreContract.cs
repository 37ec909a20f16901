using Vigil.Specs.Journal.Support;

namespace Vigil.Specs.Journal.Contract;

/// <summary>The contract through the COPY append path (what forwarding uses for large batches).</summary>
public sealed class MartenCopyJournalStoreContract(MartenDatabaseFixture db) : MartenJournalStoreContractBase(db, copyThreshold: 1);
