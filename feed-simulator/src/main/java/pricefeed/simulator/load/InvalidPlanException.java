package pricefeed.simulator.load;

import java.util.Objects;

/** A {@link LoadPlan} value out of range: names the field (as the record spells it) and what it must be. */
public final class InvalidPlanException extends IllegalArgumentException {

    private final String field;
    private final transient Object value;
    private final String requirement;

    /**
     * @param field       the record component, e.g. {@code stallAfter}
     * @param value       the rejected value
     * @param requirement what the value must be, e.g. {@code must be at least 1}
     */
    public InvalidPlanException(String field, Object value, String requirement) {
        super(field + " = " + value + ": " + requirement);
        this.field = Objects.requireNonNull(field, "field");
        this.value = value;
        this.requirement = Objects.requireNonNull(requirement, "requirement");
    }

    /** @return the record component that is out of range */
    public String field() {
        return field;
    }

    /** @return the rejected value */
    public Object value() {
        return value;
    }

    /** @return what the value must be */
    public String requirement() {
        return requirement;
    }
}
