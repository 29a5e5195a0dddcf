package io.wizzygen.connections;

import java.util.List;
import java.util.Optional;

/** The app's local copy of one account's connections (a port; the store package implements it). */
public interface ConnectionStore {

    List<Connection> list(String account);

    Optional<Connection> find(String account, String id);

    void save(String account, Connection connection);

    void delete(String account, String id);

    /** Marks whether the connection's row in Notion is behind the local copy (saved while Notion could not be reached). */
    void markPending(String account, String id, boolean pending);

    /** The ids of the connections whose Notion row is behind. */
    java.util.Set<String> pending(String account);
}
