/** RFC 6455 framing: the decoder state machine, the encoder, masking, UTF-8 validation and message assembly. */
package pricefeed.core.ws.frame;
