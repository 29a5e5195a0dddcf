package io.wizzygen.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where the sandbox reports changes made through its API, as Notion's webhook events: the event type
 * ({@code page.created} …), the entity ({@code {"id", "type"}}) and the event's {@code data}.
 */
@FunctionalInterface
interface Events {

    Events NONE = (type, entity, data) -> {
    };

    void emit(String type, ObjectNode entity, ObjectNode data);
}
