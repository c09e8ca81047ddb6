<?php
// Grades every question of one Moodle course the way a quiz attempt does, through Moodle's own
// question engine: the response Moodle calls correct, every box ticked (multiple answer), and
// typed answers given in a JSON file ({"question name": ["typed", ...]}) for short answers.
// Prints one JSON object: {"questions": [{name, qtype, single, usecase, defaultmark, generalfeedback,
// answers, grading}]}.
//
// Usage: php grade_course.php --moodle=/path/to/moodle --course=ID [--typed=typed.json]

define('CLI_SCRIPT', true);
$opts = getopt('', ['moodle:', 'course:', 'typed::']);
require($opts['moodle'] . '/config.php');
require_once($CFG->libdir . '/questionlib.php');

\core\session\manager::set_user(get_admin());
$course = get_course((int)$opts['course']);
$typed = empty($opts['typed']) ? [] : json_decode(file_get_contents($opts['typed']), true);
$coursecontext = context_course::instance($course->id);

$contextids = [$coursecontext->id];
foreach (get_fast_modinfo($course)->get_cms() as $cm) {
    $contextids[] = context_module::instance($cm->id)->id;
}
[$insql, $params] = $DB->get_in_or_equal($contextids);
$rows = $DB->get_records_sql("SELECT q.id, q.name, q.qtype, q.defaultmark, q.generalfeedback
                                FROM {question} q
                                JOIN {question_versions} qv ON qv.questionid = q.id
                                JOIN {question_bank_entries} qbe ON qbe.id = qv.questionbankentryid
                                JOIN {question_categories} qc ON qc.id = qbe.questioncategoryid
                               WHERE qc.contextid $insql AND q.parent = 0 ORDER BY q.id", $params);

/** A fresh attempt at question $id, given $response (or Moodle's correct response when null). */
function qk_grade(int $id, ?array $response, context $context, ?callable $choose = null): array {
    $quba = question_engine::make_questions_usage_by_activity('core_question_preview', $context);
    $quba->set_preferred_behaviour('deferredfeedback');
    $question = question_bank::load_question($id);
    $slot = $quba->add_question($question, $question->defaultmark);
    $quba->start_all_questions();
    $attempt = $quba->get_question_attempt($slot);
    if ($choose !== null) {
        $response = $choose($attempt);
    }
    $response = $response ?? $attempt->get_question()->get_correct_response();
    if ($response === null || $response === []) {
        return ['state' => 'needs grading by hand'];
    }
    $quba->process_action($slot, $response);
    $quba->finish_all_questions();
    return ['state' => (string)$quba->get_question_state($slot), 'fraction' => $quba->get_question_fraction($slot)];
}

$out = [];
foreach ($rows as $row) {
    $entry = ['name' => $row->name, 'qtype' => $row->qtype, 'defaultmark' => (float)$row->defaultmark,
        'generalfeedback' => $row->generalfeedback, 'answers' => []];
    foreach ($DB->get_records('question_answers', ['question' => $row->id], 'id') as $answer) {
        $entry['answers'][] = ['answer' => $answer->answer, 'fraction' => (float)$answer->fraction,
            'feedback' => $answer->feedback];
    }
    if ($row->qtype === 'multichoice') {
        $entry['single'] = (int)$DB->get_field('qtype_multichoice_options', 'single', ['questionid' => $row->id]);
    }
    if ($row->qtype === 'shortanswer') {
        $entry['usecase'] = (int)$DB->get_field('qtype_shortanswer_options', 'usecase', ['questionid' => $row->id]);
    }
    $grading = ['correct' => qk_grade((int)$row->id, null, $coursecontext)];
    if ($row->qtype === 'multichoice' && $entry['single'] === 0) {
        $grading['all_ticked'] = qk_grade((int)$row->id, null, $coursecontext, function ($attempt) {
            $response = [];
            foreach (array_keys($attempt->get_question()->get_order($attempt)) as $key) {
                $response["choice$key"] = '1';
            }
            return $response;
        });
    }
    foreach ($typed[$row->name] ?? [] as $text) {
        $grading['typed'][] = ['typed' => $text] + qk_grade((int)$row->id, ['answer' => $text], $coursecontext);
    }
    $entry['grading'] = $grading;
    $out[] = $entry;
}
echo json_encode(['questions' => $out], JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
