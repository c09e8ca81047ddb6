// A stand-in for Apps Script's FormApp (and the advanced Forms service), built from the reference
// (https://developers.google.com/apps-script/reference/forms and
// https://developers.google.com/forms/api/reference/rest/v1/forms/batchUpdate): only the methods
// quizkit's script may call, each checking its arguments' number and types as documented, and
// throwing on anything else (an unknown method, a choice made by another item, points that are not
// a whole number, feedback that is not a built QuizFeedback, grading on a question that cannot
// have it). It records what was built.
"use strict";

class StandInError extends Error {}

function fail(message) {
  throw new StandInError(message);
}

function checkArgs(name, args, types) {
  if (args.length !== types.length) {
    fail(`${name}: expected ${types.length} argument(s), got ${args.length}`);
  }
  types.forEach((type, i) => {
    const value = args[i];
    const ok =
      type === "String" ? typeof value === "string"
      : type === "Boolean" ? typeof value === "boolean"
      : type === "Integer" ? Number.isInteger(value)
      : type === "Array" ? Array.isArray(value)
      : value instanceof type;
    if (!ok) fail(`${name}: argument ${i + 1} is not a ${typeof type === "string" ? type : type.name}: ${JSON.stringify(value)}`);
  });
}

// Only the listed methods exist; reading any other property throws, as calling it would in Apps Script.
function strict(target, label) {
  return new Proxy(target, {
    get(object, key) {
      if (typeof key === "symbol" || key === "then" || key === "toJSON") return object[key];
      if (!(key in object)) fail(`${label} has no method or property '${String(key)}'`);
      return object[key];
    },
    set() {
      fail(`${label}: properties cannot be set`);
    },
  });
}

class QuizFeedback {
  constructor(text) {
    this.text = text;
  }
}

class Choice {
  constructor(owner, value, isCorrect) {
    this.owner = owner;
    this.value = value;
    this.isCorrect = isCorrect;
  }
}

function makeFormApp(record) {
  let nextId = 1000;

  function feedbackBuilder() {
    let text = null;
    const builder = strict(
      {
        setText(...args) {
          checkArgs("QuizFeedbackBuilder.setText", args, ["String"]);
          text = args[0];
          return builder;
        },
        build(...args) {
          checkArgs("QuizFeedbackBuilder.build", args, []);
          if (text === null) fail("QuizFeedbackBuilder.build: no text was set");
          return new QuizFeedback(text);
        },
      },
      "QuizFeedbackBuilder",
    );
    return builder;
  }

  function makeItem(form, type) {
    const entry = { type, title: null, helpText: null, points: null, choices: null, correct: null, incorrect: null, general: null };
    const id = nextId++;
    const index = form.record.items.length;
    form.record.items.push(entry);
    const methods = {
      getId(...args) {
        checkArgs(`${type}.getId`, args, []);
        return id;
      },
      getIndex(...args) {
        checkArgs(`${type}.getIndex`, args, []);
        return index;
      },
      setTitle(...args) {
        checkArgs(`${type}.setTitle`, args, ["String"]);
        entry.title = args[0];
        return item;
      },
      setHelpText(...args) {
        checkArgs(`${type}.setHelpText`, args, ["String"]);
        entry.helpText = args[0];
        return item;
      },
    };
    if (type !== "SectionHeaderItem") {
      methods.setPoints = (...args) => {
        checkArgs(`${type}.setPoints`, args, ["Integer"]);
        if (args[0] < 0) fail(`${type}.setPoints: points must not be negative: ${args[0]}`);
        if (!form.record.isQuiz) fail(`${type}.setPoints: the form is not a quiz`);
        entry.points = args[0];
        return item;
      };
      methods.setRequired = (...args) => {
        checkArgs(`${type}.setRequired`, args, ["Boolean"]);
        entry.required = args[0];
        return item;
      };
    }
    if (["MultipleChoiceItem", "CheckboxItem", "ListItem"].includes(type)) {
      methods.createChoice = (...args) => {
        checkArgs(`${type}.createChoice`, args, ["String", "Boolean"]);
        return new Choice(item, args[0], args[1]);
      };
      methods.setChoices = (...args) => {
        checkArgs(`${type}.setChoices`, args, ["Array"]);
        const choices = args[0];
        if (choices.length === 0) fail(`${type}.setChoices: no choices`);
        for (const choice of choices) {
          if (!(choice instanceof Choice)) fail(`${type}.setChoices: not a Choice: ${JSON.stringify(choice)}`);
          if (choice.owner !== item) fail(`${type}.setChoices: a choice created by another item`);
        }
        const values = choices.map((choice) => choice.value);
        if (new Set(values).size !== values.length) fail(`${type}.setChoices: two choices are the same: ${values}`);
        entry.choices = choices.map((choice) => ({ value: choice.value, correct: choice.isCorrect }));
        return item;
      };
      for (const [name, key] of [["setFeedbackForCorrect", "correct"], ["setFeedbackForIncorrect", "incorrect"]]) {
        methods[name] = (...args) => {
          checkArgs(`${type}.${name}`, args, [QuizFeedback]);
          entry[key] = args[0].text;
          return item;
        };
      }
    }
    if (["TextItem", "ParagraphTextItem"].includes(type)) {
      methods.setGeneralFeedback = (...args) => {
        checkArgs(`${type}.setGeneralFeedback`, args, [QuizFeedback]);
        entry.general = args[0].text;
        return item;
      };
    }
    const item = strict(methods, type);
    return item;
  }

  function create(...args) {
    checkArgs("FormApp.create", args, ["String"]);
    if (args[0].length === 0) fail("FormApp.create: empty title");
    if (record.form) fail("FormApp.create: called twice");
    const state = { record: { title: args[0], isQuiz: false, description: null, items: [] } };
    record.form = state.record;
    const id = "1FAKEformID";
    const form = strict(
      {
        setIsQuiz(...a) {
          checkArgs("Form.setIsQuiz", a, ["Boolean"]);
          state.record.isQuiz = a[0];
          return form;
        },
        setDescription(...a) {
          checkArgs("Form.setDescription", a, ["String"]);
          state.record.description = a[0];
          return form;
        },
        getId(...a) {
          checkArgs("Form.getId", a, []);
          return id;
        },
        getEditUrl(...a) {
          checkArgs("Form.getEditUrl", a, []);
          return `https://docs.google.com/forms/d/${id}/edit`;
        },
        getPublishedUrl(...a) {
          checkArgs("Form.getPublishedUrl", a, []);
          return `https://docs.google.com/forms/d/e/${id}/viewform`;
        },
        addMultipleChoiceItem: (...a) => (checkArgs("Form.addMultipleChoiceItem", a, []), makeItem(state, "MultipleChoiceItem")),
        addCheckboxItem: (...a) => (checkArgs("Form.addCheckboxItem", a, []), makeItem(state, "CheckboxItem")),
        addListItem: (...a) => (checkArgs("Form.addListItem", a, []), makeItem(state, "ListItem")),
        addTextItem: (...a) => (checkArgs("Form.addTextItem", a, []), makeItem(state, "TextItem")),
        addParagraphTextItem: (...a) => (checkArgs("Form.addParagraphTextItem", a, []), makeItem(state, "ParagraphTextItem")),
        addSectionHeaderItem: (...a) => (checkArgs("Form.addSectionHeaderItem", a, []), makeItem(state, "SectionHeaderItem")),
      },
      "Form",
    );
    return form;
  }

  return strict(
    {
      create,
      createFeedback(...args) {
        checkArgs("FormApp.createFeedback", args, []);
        return feedbackBuilder();
      },
    },
    "FormApp",
  );
}

// The advanced Forms service: Forms.Forms.get(formId) and Forms.Forms.batchUpdate(resource, formId),
// with the Item and Question resources of the REST reference.
function makeFormsService(record) {
  function apiItem(entry, index) {
    const item = { itemId: (1000 + index).toString(16), title: entry.title };
    if (entry.type === "SectionHeaderItem") {
      item.textItem = {};
    } else if (entry.type === "TextItem" || entry.type === "ParagraphTextItem") {
      const question = { questionId: `q${index}`, textQuestion: { paragraph: entry.type === "ParagraphTextItem" } };
      if (entry.points !== null) question.grading = { pointValue: entry.points };
      item.questionItem = { question };
    } else {
      const type = { MultipleChoiceItem: "RADIO", CheckboxItem: "CHECKBOX", ListItem: "DROP_DOWN" }[entry.type];
      item.questionItem = { question: { questionId: `q${index}`, choiceQuestion: { type, options: entry.choices.map((c) => ({ value: c.value })) } } };
    }
    return item;
  }

  const forms = strict(
    {
      get(...args) {
        checkArgs("Forms.Forms.get", args, ["String"]);
        if (!record.form || args[0] !== "1FAKEformID") fail(`Forms.Forms.get: no form ${args[0]}`);
        return JSON.parse(JSON.stringify({ formId: args[0], items: record.form.items.map(apiItem) }));
      },
      batchUpdate(...args) {
        if (args.length !== 2 || typeof args[1] !== "string" || typeof args[0] !== "object") {
          fail("Forms.Forms.batchUpdate: expected (resource, formId)");
        }
        const [resource, formId] = args;
        if (formId !== "1FAKEformID") fail(`Forms.Forms.batchUpdate: no form ${formId}`);
        const keys = Object.keys(resource);
        if (keys.length !== 1 || keys[0] !== "requests" || !Array.isArray(resource.requests)) {
          fail(`Forms.Forms.batchUpdate: the request body must be {requests: [...]}, not ${JSON.stringify(keys)}`);
        }
        for (const request of resource.requests) {
          const kinds = Object.keys(request);
          if (kinds.length !== 1 || kinds[0] !== "updateItem") fail(`unexpected request ${JSON.stringify(kinds)}`);
          const { item, location, updateMask } = request.updateItem;
          if (updateMask !== "questionItem.question.grading") fail(`unexpected updateMask ${updateMask}`);
          if (!location || !Number.isInteger(location.index)) fail("updateItem.location.index must be an integer");
          const entry = record.form.items[location.index];
          if (!entry || entry.type !== "TextItem") fail(`updateItem: item ${location.index} is not a short-answer question`);
          const question = item.questionItem.question;
          if (question.questionId !== `q${location.index}`) fail("updateItem: the question id does not match its location");
          const grading = question.grading;
          const allowed = ["pointValue", "correctAnswers", "generalFeedback"];
          for (const key of Object.keys(grading)) {
            if (!allowed.includes(key)) fail(`grading.${key} cannot be set on a text question`);
          }
          if (!Number.isInteger(grading.pointValue) || grading.pointValue < 0) fail(`grading.pointValue ${grading.pointValue}`);
          const answers = grading.correctAnswers && grading.correctAnswers.answers;
          if (!Array.isArray(answers) || answers.length === 0) fail("grading.correctAnswers.answers must be a non-empty list");
          for (const answer of answers) {
            if (Object.keys(answer).join() !== "value" || typeof answer.value !== "string") fail(`not a CorrectAnswer: ${JSON.stringify(answer)}`);
          }
          if (grading.generalFeedback && typeof grading.generalFeedback.text !== "string") fail("generalFeedback.text must be a string");
          entry.key = answers.map((answer) => answer.value);
          entry.keyPoints = grading.pointValue;
          entry.keyFeedback = grading.generalFeedback ? grading.generalFeedback.text : null;
        }
        return { replies: resource.requests.map(() => ({})) };
      },
    },
    "Forms.Forms",
  );
  return strict({ Forms: forms }, "Forms");
}

// How a quiz grades a typed answer to a keyed short-answer question. The reference documents only
// that "for single-valued questions, a response is marked correct if it matches any value in this
// list" (CorrectAnswers.answers); it says nothing of capitals or spaces, so nothing is assumed:
// a response is right when it is one of the keyed values exactly.
function gradeTextResponse(entry, response) {
  if (entry.type !== "TextItem" || !Array.isArray(entry.key)) fail(`item "${entry.title}" has no answer key`);
  if (typeof response !== "string") fail("a text response is a string");
  return entry.key.includes(response);
}

module.exports = { makeFormApp, makeFormsService, gradeTextResponse, StandInError };
