// Program for the engine harness self-test: one Note per entry of the `notes` config object.
import * as pulumi from "@pulumi/pulumi";
import { Note } from "../../fixtures/note";

const config = new pulumi.Config();
const directory = config.require("directory");
const notes = config.requireObject<Record<string, string>>("notes");

export const noteIds = Object.entries(notes).map(([name, content]) => new Note(name, { directory, name, content }).id);
