package dev.switchboard.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A message's sender as the contract shows it: {@code { _id, fullName, profilePhoto: { url }, role }} (chat and support). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SenderView(@JsonProperty("_id") String id, String fullName, ProfilePhoto profilePhoto, String role) {

    /** {@code url} is the token's {@code picture} claim, or {@code ""} without one. */
    public record ProfilePhoto(String url) {
    }

    public static SenderView of(String id, String fullName, String picture, String role) {
        return new SenderView(id, fullName, new ProfilePhoto(picture == null ? "" : picture), role);
    }
}
