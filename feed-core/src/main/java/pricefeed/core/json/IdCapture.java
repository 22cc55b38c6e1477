package pricefeed.core.json;

import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;

/** Captures the raw JSON text of the id token a parser is on, from whatever the parser reads. */
@FunctionalInterface
interface IdCapture {

    /**
     * @param p positioned on a string or number token
     * @return that token's text exactly as written
     */
    JsonId capture(JsonParser p) throws IOException;
}
